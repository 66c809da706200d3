/// A WeChat Pay merchant: its appid, mch_id and API key (which signs requests, answers and
/// payment notifies, and encrypts refund notifies). The sandbox gateway serves one; a store's
/// adapter and its notify receiver speak for one.
public struct WeChatMerchant: Sendable, Equatable {
    public var appID: String
    public var mchID: String
    public var apiKey: String

    public init(appID: String, mchID: String, apiKey: String) {
        self.appID = appID
        self.mchID = mchID
        self.apiKey = apiKey
    }

    public var key: WeChatKey { WeChatKey(apiKey: apiKey) }
}
