/// The terms of the book's objective at one set of parameters.
public struct Losses: Sendable, Equatable {
    /// Observed mean squared error Σ_Ω (A_ij − Â_ij)² / |Ω|.
    public var omse: Double
    /// L2 term Σ‖U_i‖²/N + Σ‖V_j‖²/M (+ Σb_u²/N + Σb_i²/M with biases).
    public var l2: Double
    /// Gramian term Σ(UᵀU ∘ VᵀV)/(N·M); nil when it was not computed (`gram` = 0 and no log).
    public var gramian: Double?
    /// omse + ell_2·l2 + gram·gramian.
    public var total: Double

    /// The terms from their parts.
    public init(omse: Double, l2: Double, gramian: Double?, total: Double) {
        self.omse = omse
        self.l2 = l2
        self.gramian = gramian
        self.total = total
    }
}
