/// The PostgreSQL store's schema, as append-only migrations: the same tables and columns as
/// SQLite's (``StoreMigrations``), in PostgreSQL's types, recorded in `mfsweep_migration`.
///
/// Never edit a migration that has shipped: append one. They run in one transaction under the
/// store's advisory lock (``PostgresBackend``), so agents that start together cannot race.
enum PostgresMigrations {
    /// Every migration, in order: an identifier and its statements.
    static let all: [(identifier: String, statements: [String])] = [
        (
            "v1",
            [
                """
                CREATE TABLE sweep (
                    id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, specJSON TEXT NOT NULL,
                    fingerprint TEXT NOT NULL, state TEXT NOT NULL, createdAt DOUBLE PRECISION NOT NULL)
                """,
                """
                CREATE TABLE run (
                    id BIGINT PRIMARY KEY, sweepID BIGINT NOT NULL REFERENCES sweep ON DELETE CASCADE,
                    number BIGINT NOT NULL, configJSON TEXT NOT NULL, state TEXT NOT NULL, agentID TEXT NOT NULL,
                    host TEXT NOT NULL, pid BIGINT NOT NULL, heartbeatAt DOUBLE PRECISION,
                    startedAt DOUBLE PRECISION NOT NULL, finishedAt DOUBLE PRECISION, summaryMetric DOUBLE PRECISION,
                    error TEXT, retryOf BIGINT REFERENCES run, steps BIGINT, seconds DOUBLE PRECISION,
                    UNIQUE (sweepID, number))
                """,
                "CREATE INDEX run_on_sweepID_state ON run (sweepID, state)",
                "CREATE INDEX run_on_retryOf ON run (retryOf)",
                // `seq` orders a step's values as they were logged (SQLite's rowid).
                """
                CREATE TABLE metric (
                    seq BIGSERIAL PRIMARY KEY, runID BIGINT NOT NULL REFERENCES run ON DELETE CASCADE,
                    step BIGINT NOT NULL, fold BIGINT, name TEXT NOT NULL, value DOUBLE PRECISION)
                """,
                "CREATE INDEX metric_on_runID_step ON metric (runID, step)",
                """
                CREATE TABLE foldResult (
                    runID BIGINT NOT NULL REFERENCES run ON DELETE CASCADE, fold BIGINT NOT NULL,
                    trainOMSE DOUBLE PRECISION, testOMSE DOUBLE PRECISION, steps BIGINT NOT NULL, diverged TEXT,
                    PRIMARY KEY (runID, fold))
                """,
                """
                CREATE TABLE artifact (
                    id BIGINT PRIMARY KEY, runID BIGINT NOT NULL REFERENCES run ON DELETE CASCADE,
                    kind TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, createdAt DOUBLE PRECISION NOT NULL)
                """,
                "CREATE INDEX artifact_on_runID ON artifact (runID)",
            ]
        ),
        (
            "v2",
            [
                "CREATE TABLE model (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, createdAt DOUBLE PRECISION NOT NULL)",
                """
                CREATE TABLE modelVersion (
                    id BIGINT PRIMARY KEY, modelID BIGINT NOT NULL REFERENCES model ON DELETE CASCADE,
                    version BIGINT NOT NULL, state TEXT NOT NULL, sweepID BIGINT NOT NULL REFERENCES sweep,
                    sweepName TEXT NOT NULL, runID BIGINT NOT NULL REFERENCES run, runNumber BIGINT NOT NULL,
                    configJSON TEXT NOT NULL, dataFingerprint TEXT NOT NULL, metricsJSON TEXT NOT NULL,
                    refitTrainOMSE DOUBLE PRECISION, refitSteps BIGINT NOT NULL, refitSeconds DOUBLE PRECISION NOT NULL,
                    artifactPath TEXT NOT NULL, sha256 TEXT NOT NULL, byteCount BIGINT NOT NULL,
                    toolVersion TEXT NOT NULL, createdAt DOUBLE PRECISION NOT NULL, UNIQUE (modelID, version))
                """,
                """
                CREATE TABLE modelAlias (
                    modelID BIGINT NOT NULL REFERENCES model ON DELETE CASCADE, alias TEXT NOT NULL,
                    version BIGINT NOT NULL, updatedAt DOUBLE PRECISION NOT NULL, PRIMARY KEY (modelID, alias))
                """,
            ]
        ),
        (
            // Model files kept in the database: each file in chunks of at most 1 MiB, in order.
            "v3",
            [
                """
                CREATE TABLE artifactChunk (
                    path TEXT NOT NULL, seq BIGINT NOT NULL, bytes BYTEA NOT NULL, PRIMARY KEY (path, seq))
                """
            ]
        ),
    ]
}
