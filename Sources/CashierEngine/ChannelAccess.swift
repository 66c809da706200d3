import CashierCore
import CashierStore

/// The web, mini-program and app channels' keys, their idempotency records and the platform's
/// notifies: what `cashier serve` keeps, written through the engine like everything else.
extension Engine {
    /// A new key for a channel: the record and the key itself, shown once (only its hash is kept).
    public func addChannelKey(channel: Channel, operatorName: String, label: String) throws(CashierError) -> (ChannelKeyRecord, String) {
        try storeCall { try store.addChannelKey(channel: channel, operatorName: operatorName, label: label) }
    }
    public func channelKeys() throws(CashierError) -> [ChannelKeyRecord] { try storeCall { try store.channelKeys() } }
    public func revokeChannelKey(id: Int64) throws(CashierError) -> ChannelKeyRecord { try storeCall { try store.revokeChannelKey(id: id) } }
    /// The key presented in a request, when it is one of ours and not revoked.
    public func authenticateChannelKey(_ presented: String) throws(CashierError) -> ChannelKeyRecord? {
        try storeCall { try store.authenticateChannelKey(presented) }
    }

    public func claimIdempotency(keyId: Int64, idemKey: String, requestHash: String) throws(CashierError) -> IdempotencyClaim {
        try storeCall { try store.claimIdempotency(keyId: keyId, idemKey: idemKey, requestHash: requestHash) }
    }
    /// Nil checkout: the payment was refused, so the key may be used again.
    public func finishIdempotency(keyId: Int64, idemKey: String, checkoutId: Int64?) throws(CashierError) {
        try storeCall { try store.finishIdempotency(keyId: keyId, idemKey: idemKey, checkoutId: checkoutId) }
    }

    public func notifySeen(notifyId: String, bodyHash: String) throws(CashierError) -> NotifySeen {
        try storeCall { try store.notifySeen(notifyId: notifyId, bodyHash: bodyHash) }
    }
    public func recordNotifyAccepted(notifyId: String, tradeNo: String, status: String, bodyHash: String, outcome: String) throws(CashierError) {
        try storeCall { try store.recordNotifyAccepted(notifyId: notifyId, tradeNo: tradeNo, status: status, bodyHash: bodyHash, outcome: outcome) }
    }
    public func recordNotifyRefused(notifyId: String, tradeNo: String, status: String, bodyHash: String,
                                    claimedAmount: Money?, reason: String) throws(CashierError) {
        try storeCall {
            try store.recordNotifyRefused(notifyId: notifyId, tradeNo: tradeNo, status: status, bodyHash: bodyHash,
                                          claimedAmount: claimedAmount, reason: reason)
        }
    }
}
