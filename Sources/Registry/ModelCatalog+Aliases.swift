import Foundation
public import Tracking

extension ModelCatalog {
    /// How setting an alias changed it.
    public enum AliasChange: Sendable, Equatable {
        /// The alias is new.
        case created
        /// The alias already pointed at this version.
        case unchanged
        /// The alias moved from this version.
        case moved(from: Int)
    }

    /// Points `alias` of model `name` at `version` (`models alias NAME@K ALIAS`).
    ///
    /// - Throws: ``RegistryError`` for a bad name, alias or reference, ``StoreError`` for an
    ///   unknown or archived version.
    public static func setAlias(_ alias: String, to reference: String, in store: RunStore) throws -> (
        name: String, version: Int, change: AliasChange
    ) {
        let (name, version) = try versionReference(reference)
        try ModelNaming.validateAlias(alias)
        let previous = try RegistryError.namingStore(store.path) {
            try store.setModelAlias(name: name, version: version, alias: alias, now: Date().timeIntervalSince1970)
        }
        let change: AliasChange =
            switch previous {
            case nil: .created
            case version?: .unchanged
            case let old?: .moved(from: old)
            }
        return (name, version, change)
    }

    /// Deletes `alias` of model `name` (`models alias NAME --delete ALIAS`); returns the
    /// version it pointed at.
    public static func deleteAlias(_ alias: String, of name: String, in store: RunStore) throws -> Int {
        try ModelNaming.validateName(name)
        try ModelNaming.validateAlias(alias)
        return try RegistryError.namingStore(store.path) { try store.deleteModelAlias(name: name, alias: alias) }
    }

    /// Archives version `NAME@K` (`models archive`); false when it already was.
    public static func archive(_ reference: String, in store: RunStore) throws -> (
        name: String, version: Int, changed: Bool
    ) {
        let (name, version) = try versionReference(reference)
        let changed = try RegistryError.namingStore(store.path) {
            try store.archiveModelVersion(name: name, version: version)
        }
        return (name, version, changed)
    }

    /// The name and version of `NAME@K`.
    ///
    /// - Throws: ``RegistryError/expectedVersionReference(_:)`` for anything else.
    public static func versionReference(_ text: String) throws -> (name: String, version: Int) {
        guard case .registered(let name, .version(let k)) = try ModelReference(parsing: text) else {
            throw RegistryError.expectedVersionReference(text)
        }
        return (name, k)
    }
}
