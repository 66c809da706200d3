import AlipayProtocol
import PlatformBills

extension HTTPPlatform: BillPublisher {
    /// `alipay.data.dataservice.bill.downloadurl.query`, then the ZIP behind the link it answers.
    public func downloadBill(date: String) async throws -> Bill {
        let r: AlipayTradeResponse
        switch await call(AlipayMethod.billDownloadURLQuery, BillDownloadBiz(billType: "trade", billDate: date)) {
        case .failure(let e): throw BillUnavailable("Alipay's bill for \(date) could not be had: \(e.reason).")
        case .success(let answer): r = answer
        }
        guard r.code == AlipayCode.success, let url = r.billDownloadUrl else {
            throw BillUnavailable("Alipay refused the bill for \(date): \(Self.reason(r)).")
        }
        switch await PlatformHTTP.fetch(url, timeoutSeconds: configuration.timeoutSeconds, limit: 256 << 20) {
        case .failure(let e): throw BillUnavailable("Alipay's bill file for \(date) could not be downloaded: \(e.reason).")
        case .success(let bytes): return try AlipayBill.parse(bytes, date: date)
        }
    }
}
