import CashierCore

/// The core's input refusals (amounts, payment codes) worded in each language; they are data
/// (enums) in CashierCore, whose English `description` stays for logs and the API.
extension Language {
    public func words(_ e: MoneyParseError) -> String {
        switch e {
        case .empty: return t("input.amount_empty")
        case .negative(let text): return t("input.amount_negative", ["text": text])
        case .malformed(let text): return t("input.amount_malformed", ["text": text])
        case .tooPrecise(let text, let digits):
            if digits == 0 { return t("input.amount_whole", ["text": text]) }
            return t("input.amount_too_precise", ["text": text, "digits": digits, "example": "12." + String("3456789".prefix(digits))])
        case .tooLarge(let text): return t("input.amount_too_large", ["text": text])
        }
    }

    public func words(_ e: PaymentCode.CodeError) -> String {
        switch e {
        case .notDigits: return t("input.code_not_digits")
        case .unknownFormat(let length): return t("input.code_unknown", ["length": length])
        }
    }
}
