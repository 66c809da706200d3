import AlipayProtocol
import CashierCore
import Crypto
import Foundation
import PaymentPlatform
import PlatformBills
import WeChatPayProtocol

/// Signed, short-lived links to Alipay bill files, as `bill_download_url` hands them out: the
/// real ones are valid for 30 seconds; these carry their expiry and an HMAC-SHA256 over the bill
/// and the expiry under a key made at each start, so a link cannot be forged or altered.
public struct BillLinks: Sendable {
    let key = SymmetricKey(size: .bits256)
    let clock: any Clock
    static let lifetime: Millis = 30_000

    public init(clock: any Clock = SystemClock()) { self.clock = clock }

    /// `base`: "http://127.0.0.1:PORT", where the gateway was reached.
    func url(base: String, date: String) -> String {
        let expires = clock.now() + Self.lifetime
        return "\(base)\(Self.path)?bill_type=trade&bill_date=\(date)&expires=\(expires)&token=\(token(date, expires))"
    }

    /// The bill date a link names, or nil when it is forged, altered or expired.
    func date(_ query: [String: String]) -> String? {
        guard query["bill_type"] == "trade", let date = query["bill_date"], let expires = query["expires"].flatMap(Millis.init),
              let token = query["token"], token == self.token(date, expires), clock.now() <= expires else { return nil }
        return date
    }

    func token(_ date: String, _ expires: Millis) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("trade|\(date)|\(expires)".utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    public static let path = "/sandbox/bill/alipay"
}

/// Bills are served for any day up to today (today's so far, which real platforms publish only
/// the next morning: the sandbox does not make tests wait a day); a later day is refused.
enum BillDay {
    static func check(_ date: String, now: Millis) -> String? {
        guard let start = BillDate.start(date) else { return "bill_date \(date) is not a real day" }
        guard start <= now else { return "bill_date \(date) is in the future" }
        return nil
    }
}

extension SandboxGateway {
    /// The merchant's partner ID (2088…) that names the bill files; the sandbox has one merchant.
    static let partnerID = "2088000000000001"

    func billURL(_ biz: BillDownloadBiz, base: String?) -> AlipayTradeResponse {
        guard biz.billType == "trade" else {
            return .failure("isv.invalid-bill-type", "bill_type \(biz.billType) is not offered here: use trade.")
        }
        if let why = BillDay.check(biz.billDate, now: sandbox.now) { return .failure("isv.invalid-bill-date", why + ".") }
        guard let base else { return .failure("isp.bill_not_exist", "账单不存在: this gateway serves no bill files.") }
        var r = AlipayTradeResponse.success()
        r.billDownloadUrl = billLinks.url(base: base, date: biz.billDate)
        return r
    }

    /// The ZIP behind a link, or nil for a bad link.
    func billZip(_ query: [String: String]) throws -> (name: String, bytes: [UInt8])? {
        guard let date = billLinks.date(query) else { return nil }
        let bill = try sandbox.bill(.alipay, date: date)
        return (AlipayBill.zipName(bill, account: Self.partnerID),
                AlipayBill.zip(bill, account: Self.partnerID, exportedAt: sandbox.now))
    }
}

extension WeChatGateway {
    /// `POST /pay/downloadbill`: the text bill (gzip with `tar_type=GZIP`), WeChat's "No Bill
    /// Exist" for a day without rows, or WeChat's FAIL answer for a bad request. Returns the body
    /// and whether it is gzip.
    public func downloadBill(body: String) async -> (bytes: [UInt8], gzip: Bool) {
        let call: Call
        switch check(body) {
        case .failure(let refusal): return (Array(refusal.body.utf8), false)
        case .success(let c): call = c
        }
        func fail(_ message: String) -> ([UInt8], Bool) {
            (Array(WeChatMessage.refusalBody(message, errCode: "20001").utf8), false)
        }
        let raw = call.text("bill_date") ?? ""
        guard raw.count == 8, raw.allSatisfy(\.isASCII), raw.allSatisfy(\.isNumber) else {
            return fail("invalid bill_date: \(raw) is not yyyyMMdd")
        }
        let date = "\(raw.prefix(4))-\(raw.dropFirst(4).prefix(2))-\(raw.suffix(2))"
        if let why = BillDay.check(date, now: sandbox.now) { return fail("invalid bill_date: \(why)") }
        guard let kind = WeChatBill.Kind(rawValue: call.text("bill_type") ?? "ALL") else {
            return fail("invalid bill_type: use ALL, SUCCESS or REFUND")
        }
        let gzip = call.text("tar_type") == "GZIP"
        guard call.text("tar_type") == nil || gzip else { return fail("invalid tar_type: only GZIP") }
        do {
            let bill = try sandbox.bill(.wechat, date: date)
            let text = WeChatBill.text(bill, kind: kind,
                                       merchant: .init(appID: merchant.appID, mchID: merchant.mchID, rateBasisPoints: try sandbox.billFeeRate()))
            // "No Bill Exist" stays XML even when gzip was asked for, as WeChat answers it.
            if text == WeChatBill.noBillXML || !gzip { return (Array(text.utf8), false) }
            return (Gzip.compress(Array(text.utf8)), true)
        } catch {
            return (Array(WeChatMessage.refusalBody("SYSTEMERROR: \(error)", errCode: "SYSTEMERROR").utf8), false)
        }
    }
}
