/// A sweep's history as points of its ``SearchSpace`` with values to minimise: what `gaussian`
/// and `bayes` learn from.
///
/// Values are the metric, negated when the goal is `maximize`, so smaller is always better.
/// Following W&B's bayes search (wandb/sweeps, `bayes_search.py`):
/// - a finished run with a finite metric is observed as it is; a pruned run with its last
///   logged value (pessimistic: it was stopped while still improving);
/// - a finished or pruned run without a finite metric, and every failed or crashed run, is
///   imputed by `metric.impute`: `worst` (the default) is the worst value among the runs above
///   (W&B takes it over every run; here only runs that are points of the space count),
///   `best` and `latest` the run's own metric (mfsweep keeps one value per run), or the worst
///   when it has none;
/// - a running run is pending, unless `metric.impute_while_running` is set: then it is observed
///   with that rule's value (`best`/`latest` need a logged value, else it stays pending);
/// - stopped runs are ignored (their config is retried), and so are runs whose config is not a
///   point of the space (a parameter missing or out of its values).
///
/// Nothing is imputed while no run has a finite metric: imputed runs are then left out.
struct ObservedTrials {
    /// Observed points, one per usable trial, in history order.
    var points: [[Double]] = []
    /// Their values to minimise.
    var values: [Double] = []
    /// Points of runs still in flight.
    var pending: [[Double]] = []

    /// The history of a sweep with `metric` in `space`.
    init(history: [Trial], space: SearchSpace, metric: SweepMetric) {
        let sign = metric.goal == .minimize ? 1.0 : -1.0
        func own(_ trial: Trial) -> Double? {
            guard let m = trial.metric, m.isFinite else { return nil }
            return sign * m
        }
        let placed = history.compactMap { trial in space.point(for: trial.config).map { (trial, $0) } }
        var worst: Double?
        for (trial, _) in placed where trial.state == .finished || trial.state == .pruned {
            if let v = own(trial) { worst = max(worst ?? v, v) }
        }
        func imputed(_ trial: Trial, _ rule: SweepMetric.Impute) -> Double? {
            switch rule {
            case .worst: worst
            case .best, .latest: own(trial) ?? worst
            }
        }
        for (trial, point) in placed {
            let value: Double?
            switch trial.state {
            case .finished, .pruned:
                value = own(trial) ?? imputed(trial, metric.impute ?? .worst)
            case .failed, .crashed:
                value = imputed(trial, metric.impute ?? .worst)
            case .running:
                switch metric.imputeWhileRunning {
                case nil: value = nil
                case .worst?: value = worst
                case .best?, .latest?: value = own(trial)
                }
                if value == nil {
                    pending.append(point)
                    continue
                }
            case .stopped:
                value = nil
            }
            if let value {
                points.append(point)
                values.append(value)
            }
        }
    }

    /// The number of observed points.
    var count: Int { values.count }

    /// The indices of the observations from best to worst (ties in history order).
    var ranking: [Int] {
        values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
}
