import CashierCore
import Foundation

/// The endpoints of WeChat Pay's v2 merchant API used here, relative to the base URL.
public enum WeChatEndpoint {
    public static let micropay = "/pay/micropay"
    public static let orderQuery = "/pay/orderquery"
    public static let unifiedOrder = "/pay/unifiedorder"
    public static let closeOrder = "/pay/closeorder"
    /// Real WeChat demands the merchant's client certificate on /secapi/.
    public static let reverse = "/secapi/pay/reverse"
    public static let refund = "/secapi/pay/refund"
    public static let refundQuery = "/pay/refundquery"

    public static let all = [micropay, orderQuery, unifiedOrder, closeOrder, reverse, refund, refundQuery]
    /// The daily bill: answered as text (or gzip), not as signed XML, so it is served apart.
    public static let downloadBill = "/pay/downloadbill"
}

/// `err_code` values this protocol speaks, as WeChat documents them.
public enum WeChatErrCode {
    public static let systemError = "SYSTEMERROR"
    public static let bankError = "BANKERROR"
    public static let userPaying = "USERPAYING"
    public static let authCodeExpire = "AUTHCODEEXPIRE"
    public static let notEnough = "NOTENOUGH"
    public static let authCodeInvalid = "AUTH_CODE_INVALID"
    public static let orderPaid = "ORDERPAID"
    public static let orderClosed = "ORDERCLOSED"
    public static let orderReversed = "ORDERREVERSED"
    public static let orderNotExist = "ORDERNOTEXIST"
    public static let outTradeNoUsed = "OUT_TRADE_NO_USED"
    public static let tradeError = "TRADE_ERROR"
    public static let tradeStateError = "TRADE_STATE_ERROR"
    public static let refundNotExist = "REFUNDNOTEXIST"
    public static let invalidRequest = "INVALID_REQUEST"
    public static let paramError = "PARAM_ERROR"
    public static let lackParams = "LACK_PARAMS"
    public static let signError = "SIGNERROR"
    public static let xmlFormatError = "XML_FORMAT_ERROR"
    public static let appIDNotExist = "APPID_NOT_EXIST"
    public static let mchIDNotExist = "MCHID_NOT_EXIST"
    public static let appIDMchIDNotMatch = "APPID_MCHID_NOT_MATCH"

    /// The result is not known: query the order (and never treat it as a failure).
    public static let unknownResult: Set<String> = [systemError, bankError, userPaying]
}

/// `trade_state` of orderquery.
public enum WeChatTradeState {
    public static let success = "SUCCESS"
    public static let refund = "REFUND"
    public static let notPay = "NOTPAY"
    public static let closed = "CLOSED"
    public static let revoked = "REVOKED"
    public static let userPaying = "USERPAYING"
    public static let payError = "PAYERROR"
}

/// `refund_status_$n` of refundquery (and the refund notify's `refund_status`).
public enum WeChatRefundStatus {
    public static let success = "SUCCESS"
    public static let processing = "PROCESSING"
    public static let refundClose = "REFUNDCLOSE"
    public static let change = "CHANGE"
}

/// Why an answer (or a notify) from the platform is not taken as it is.
public enum WeChatAnswerError: Error, Equatable, Sendable, CustomStringConvertible {
    case xml(WeChatXML.Error)
    /// `return_code` FAIL: the request itself was refused (signature, parameters, …).
    case communication(String)
    case signature(WeChatSignatureError)
    case foreign(String)

    public var description: String {
        switch self {
        case .xml(let e): return e.description
        case .communication(let msg): return "WeChat Pay refused the request: \(msg)"
        case .signature(let e): return "The answer is not signed by the platform: \(e.description)"
        case .foreign(let why): return "The answer is not for this merchant (\(why)): it is refused."
        }
    }
}

/// Writing and reading whole messages.
public enum WeChatMessage {
    /// A request or a signed answer: common fields plus `sign`, as an XML body. `sign_type` is
    /// written when it is not the default MD5.
    public static func signedBody(_ fields: [String: String], key: WeChatKey, type: WeChatSignType) -> String {
        var f = fields
        if type != .md5 { f["sign_type"] = type.rawValue }
        return WeChatXML.document(key.signed(f, type: type))
    }

    /// `return_code` FAIL: WeChat signs nothing when it refuses the request itself.
    public static func refusalBody(_ message: String, errCode: String? = nil) -> String {
        var f = ["return_code": "FAIL", "return_msg": message]
        if let errCode { f["err_code"] = errCode; f["err_code_des"] = message }
        return WeChatXML.document(f)
    }

    /// Reads an answer: XML, `return_code` SUCCESS, signed with `key` under `type` (the request's),
    /// and for this appid and mch_id. The business result (`result_code`, `err_code`) is the caller's.
    public static func verifiedAnswer(_ body: String, key: WeChatKey, type: WeChatSignType,
                                      appID: String, mchID: String) throws(WeChatAnswerError) -> [String: String] {
        let fields: [String: String]
        do throws(WeChatXML.Error) { fields = try WeChatXML.parse(body).fields } catch { throw .xml(error) }
        guard fields["return_code"] == "SUCCESS" else {
            throw .communication(fields["return_msg"] ?? fields["err_code_des"] ?? "no return_msg")
        }
        do throws(WeChatSignatureError) { try key.verify(fields, type: type) } catch { throw .signature(error) }
        guard fields["appid"] == appID else { throw .foreign("appid \(fields["appid"] ?? "none")") }
        guard fields["mch_id"] == mchID else { throw .foreign("mch_id \(fields["mch_id"] ?? "none")") }
        return fields
    }
}

/// WeChat's wall-clock times, in Beijing time (UTC+8): `20261130101500` (time_end) and
/// `2026-11-30 10:15:00` (the refund notify's success_time).
public enum WeChatTime {
    public static func compact(_ millis: Millis) -> String { format(millis, "%04d%02d%02d%02d%02d%02d") }
    public static func spaced(_ millis: Millis) -> String { format(millis, "%04d-%02d-%02d %02d:%02d:%02d") }

    static func format(_ millis: Millis, _ pattern: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: Double(millis) / 1000))
        return String(format: pattern, c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
