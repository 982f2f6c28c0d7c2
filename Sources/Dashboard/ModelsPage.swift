import Foundation
import Registry
import Tracking

/// The models page: each registered model's versions and aliases, and the lineage of each
/// version back to the run and sweep that made it.
struct ModelsPage {
    let models: [(model: ModelRecord, versions: [ModelVersionRecord], aliases: [ModelAliasRecord])]

    func render() -> String {
        var body = "<h1>Models</h1>"
        guard !models.isEmpty else {
            return PageLayout.page(
                "Models", body: body + "<p class=\"note\">No model is registered yet (`mfsweep promote`).</p>")
        }
        for (model, versions, aliases) in models {
            body +=
                "<h2 id=\"model-\(PageLayout.escape(PageLayout.segment(model.name)))\">\(PageLayout.escape(model.name))</h2>"
            let aliasText = aliases.sorted { $0.alias < $1.alias }.map { "\($0.alias) → v\($0.version)" }
            body +=
                "<p class=\"note\">aliases: \(PageLayout.escape(aliasText.isEmpty ? "none" : aliasText.joined(separator: ", ")))</p>"
            body += """
                <table class="runs"><tr><th>version</th><th class="l">state</th><th class="l">aliases</th>\
                <th class="l">made by</th><th class="l">metric</th><th>refit train OMSE</th><th>refit steps</th>\
                <th class="l">created</th><th class="l">sha256</th></tr>
                """
            for v in versions.sorted(by: { $0.version > $1.version }) {
                let names = aliases.filter { $0.version == v.version }.map(\.alias).sorted().joined(separator: ", ")
                let metrics = try? JSONDecoder().decode(CVMetrics.self, from: Data(v.metricsJSON.utf8))
                let metric = metrics.map { "\($0.metric) \(PageLayout.number($0.value))" } ?? "-"
                body += "<tr><td>\(v.version)</td><td class=\"l\">\(PageLayout.escape(v.state.rawValue))</td>"
                body += "<td class=\"l\">\(PageLayout.escape(names))</td>"
                body +=
                    "<td class=\"l\">\(PageLayout.sweepLink(v.sweepName)) · \(PageLayout.runLink(v.sweepName, v.runNumber))</td>"
                body += "<td class=\"l\">\(PageLayout.escape(metric))</td>"
                body += "<td>\(PageLayout.escape(PageLayout.number(v.refitTrainOMSE)))</td><td>\(v.refitSteps)</td>"
                body += "<td class=\"l\">\(PageLayout.escape(PageLayout.time(v.createdAt)))</td>"
                body += "<td class=\"l mono\">\(PageLayout.escape(String(v.sha256.prefix(12))))</td></tr>"
            }
            body += "</table>"
        }
        return PageLayout.page("Models", body: body)
    }
}
