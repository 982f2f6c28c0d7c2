// Every field of the report's JSON is always present: an unknown value is `null`, never a
// missing key (synthesized `Encodable` would drop nil optionals).

extension ReportAnalysis {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(sweep, forKey: .sweep)
        try c.encode(method, forKey: .method)
        try c.encode(metric, forKey: .metric)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(usersPlusItems, forKey: .usersPlusItems)
        try c.encode(counts, forKey: .counts)
        try c.encode(agents, forKey: .agents)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(totalSteps, forKey: .totalSteps)
        try c.encode(stepsSaved, forKey: .stepsSaved)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(top, forKey: .top)
        try c.encode(bestSoFar, forKey: .bestSoFar)
        try c.encode(pareto, forKey: .pareto)
        try c.encode(foldConsistency, forKey: .foldConsistency)
        try c.encode(importance, forKey: .importance)
        try c.encode(problems, forKey: .problems)
        try c.encode(runs, forKey: .runs)
    }
}

extension ReportAnalysis.TopRun {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(run, forKey: .run)
        try c.encode(metric, forKey: .metric)
        try c.encode(folds, forKey: .folds)
        try c.encode(foldMean, forKey: .foldMean)
        try c.encode(foldStd, forKey: .foldStd)
        try c.encode(config, forKey: .config)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(steps, forKey: .steps)
    }
}

extension ReportAnalysis.Pareto {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(modelSize, forKey: .modelSize)
    }
}

extension ReportAnalysis.Problem {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(run, forKey: .run)
        try c.encode(state, forKey: .state)
        try c.encode(reason, forKey: .reason)
        try c.encode(step, forKey: .step)
        try c.encode(rule, forKey: .rule)
        try c.encode(retriedAs, forKey: .retriedAs)
    }
}

extension FoldConsistency {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(folds, forKey: .folds)
        try c.encode(runs, forKey: .runs)
        try c.encode(correlation, forKey: .correlation)
        try c.encode(meanCorrelation, forKey: .meanCorrelation)
        try c.encode(widest, forKey: .widest)
        try c.encode(outlier, forKey: .outlier)
        try c.encode(offsets, forKey: .offsets)
        try c.encode(offsetCorrelation, forKey: .offsetCorrelation)
    }
}

extension ParameterImportance {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parameter, forKey: .parameter)
        try c.encode(importance, forKey: .importance)
        try c.encode(spearman, forKey: .spearman)
        try c.encode(direction, forKey: .direction)
    }
}

extension RunSummary {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(state, forKey: .state)
        try c.encode(config, forKey: .config)
        try c.encode(metric, forKey: .metric)
        try c.encode(foldValues, forKey: .foldValues)
        try c.encode(trainFoldValues, forKey: .trainFoldValues)
        try c.encode(steps, forKey: .steps)
        try c.encode(plannedSteps, forKey: .plannedSteps)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(error, forKey: .error)
        try c.encode(retryOf, forKey: .retryOf)
    }
}
