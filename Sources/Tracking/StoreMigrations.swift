import GRDB

/// The store's schema, as append-only migrations.
///
/// Never edit a migration that has shipped: add `"v2"`, `"v3"`, … Migrations spell table and
/// column names as strings and never use the record types, so they keep meaning what they
/// meant when they shipped.
enum StoreMigrations {
    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "sweep") { t in
                t.primaryKey("id", .integer)
                t.column("name", .text).notNull().unique()
                t.column("specJSON", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("state", .text).notNull()
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "run") { t in
                t.primaryKey("id", .integer)
                t.column("sweepID", .integer).notNull().references("sweep", onDelete: .cascade)
                t.column("number", .integer).notNull()
                t.column("configJSON", .text).notNull()
                t.column("state", .text).notNull()
                t.column("agentID", .text).notNull()
                t.column("host", .text).notNull()
                t.column("pid", .integer).notNull()
                t.column("heartbeatAt", .double)
                t.column("startedAt", .double).notNull()
                t.column("finishedAt", .double)
                t.column("summaryMetric", .double)
                t.column("error", .text)
                t.column("retryOf", .integer).references("run")
                t.column("steps", .integer)
                t.column("seconds", .double)
                t.uniqueKey(["sweepID", "number"])
            }
            // Claims read a sweep's runs by state; retries look up runs by `retryOf`.
            try db.create(index: "run_on_sweepID_state", on: "run", columns: ["sweepID", "state"])
            try db.create(index: "run_on_retryOf", on: "run", columns: ["retryOf"])
            try db.create(table: "metric") { t in
                t.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("fold", .integer)
                t.column("name", .text).notNull()
                t.column("value", .double)  // NULL stands for NaN
            }
            try db.create(index: "metric_on_runID_step", on: "metric", columns: ["runID", "step"])
            try db.create(table: "foldResult") { t in
                t.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                t.column("fold", .integer).notNull()
                t.column("trainOMSE", .double)
                t.column("testOMSE", .double)
                t.column("steps", .integer).notNull()
                t.column("diverged", .text)
                t.primaryKey(["runID", "fold"])
            }
            try db.create(table: "artifact") { t in
                t.primaryKey("id", .integer)
                t.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("createdAt", .double).notNull()
            }
            try db.create(index: "artifact_on_runID", on: "artifact", columns: ["runID"])
        }
        // The model registry: named models, their numbered versions with lineage, and aliases.
        migrator.registerMigration("v2") { db in
            try db.create(table: "model") { t in
                t.primaryKey("id", .integer)
                t.column("name", .text).notNull().unique()
                t.column("createdAt", .double).notNull()
            }
            try db.create(table: "modelVersion") { t in
                t.primaryKey("id", .integer)
                t.column("modelID", .integer).notNull().references("model", onDelete: .cascade)
                t.column("version", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("sweepID", .integer).notNull().references("sweep")
                t.column("sweepName", .text).notNull()
                t.column("runID", .integer).notNull().references("run")
                t.column("runNumber", .integer).notNull()
                t.column("configJSON", .text).notNull()
                t.column("dataFingerprint", .text).notNull()
                t.column("metricsJSON", .text).notNull()
                t.column("refitTrainOMSE", .double)
                t.column("refitSteps", .integer).notNull()
                t.column("refitSeconds", .double).notNull()
                t.column("artifactPath", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("byteCount", .integer).notNull()
                t.column("toolVersion", .text).notNull()
                t.column("createdAt", .double).notNull()
                t.uniqueKey(["modelID", "version"])
            }
            try db.create(table: "modelAlias") { t in
                t.column("modelID", .integer).notNull().references("model", onDelete: .cascade)
                t.column("alias", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("updatedAt", .double).notNull()
                t.primaryKey(["modelID", "alias"])
            }
        }
        return migrator
    }
}
