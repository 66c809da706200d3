import HTTPPlatform
import PlatformBills
import WeChatPayProtocol

extension WeChatPlatform: BillPublisher {
    /// `POST /pay/downloadbill` for every row of the day (bill_type ALL), gzip on the wire. The
    /// answer is the bill itself, unsigned (as WeChat sends it); its totals line vouches for it.
    public func downloadBill(date: String) async throws -> Bill {
        var f = ["bill_date": date.filter { $0 != "-" }, "bill_type": "ALL", "tar_type": "GZIP"]
        f["appid"] = configuration.appID
        f["mch_id"] = configuration.mchID
        f["nonce_str"] = WeChatNonce.make()
        switch await PlatformHTTP.fetch(configuration.baseURL + WeChatEndpoint.downloadBill,
                                        post: ("text/xml; charset=utf-8", WeChatMessage.signedBody(f, key: key, type: configuration.signType)),
                                        timeoutSeconds: configuration.timeoutSeconds, limit: 256 << 20) {
        case .failure(let e): throw BillUnavailable("WeChat Pay's bill for \(date) could not be had: \(e.reason).")
        case .success(let bytes):
            // A refusal (bad date, signature…) is WeChat's FAIL XML: no bill to be had.
            if bytes.starts(with: Array("<xml>".utf8)), !bytes.starts(with: Array(WeChatBill.noBillXML.utf8)) {
                let fields = (try? WeChatXML.parse(String(decoding: bytes, as: UTF8.self)).fields) ?? [:]
                throw BillUnavailable("WeChat Pay refused the bill for \(date): \(fields["return_msg"] ?? "an unreadable answer").")
            }
            return try WeChatBill.parse(bytes, date: date)
        }
    }
}
