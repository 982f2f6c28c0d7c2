import Registry

/// The models page: each registered model's versions and aliases, and the lineage of each
/// version back to the run and sweep that made it.
struct ModelsPage {
    /// Every model, as `models show` gives it.
    let models: [ModelCatalog.Detail]

    func render() -> String {
        var body = "<h1>Models</h1>"
        guard !models.isEmpty else {
            return PageLayout.page(
                "Models", body: body + "<p class=\"note\">No model is registered yet (`mfsweep promote`).</p>")
        }
        for model in models {
            body +=
                "<h2 id=\"model-\(PageLayout.escape(PageLayout.segment(model.name)))\">\(PageLayout.escape(model.name))</h2>"
            let aliasText = model.aliases.sorted { $0.key < $1.key }.map { "\($0.key) → v\($0.value)" }
            body +=
                "<p class=\"note\">aliases: \(PageLayout.escape(aliasText.isEmpty ? "none" : aliasText.joined(separator: ", ")))</p>"
            body += """
                <table class="runs"><tr><th>version</th><th class="l">state</th><th class="l">aliases</th>\
                <th class="l">made by</th><th class="l">metric</th><th>refit train OMSE</th><th>refit steps</th>\
                <th class="l">created</th><th class="l">sha256</th></tr>
                """
            for v in model.versions.sorted(by: { $0.version > $1.version }) {
                let names = v.aliases.sorted().joined(separator: ", ")
                let metric = "\(v.metrics.metric) \(PageLayout.number(v.metrics.value))"
                body += "<tr><td>\(v.version)</td><td class=\"l\">\(PageLayout.escape(v.state))</td>"
                body += "<td class=\"l\">\(PageLayout.escape(names))</td>"
                body +=
                    "<td class=\"l\">\(PageLayout.sweepLink(v.sweep)) · \(PageLayout.runLink(v.sweep, v.run))</td>"
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
