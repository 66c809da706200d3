import CashierStore

// The store's read models and answers, named here for the front ends: they import the engine,
// never the store (Package.swift gives them no CashierStore), so these names are their way to
// speak of what the engine returns.
public typealias OrderRecord = CashierStore.OrderRecord
public typealias OrderFilter = CashierStore.OrderFilter
public typealias OrderLineRecord = CashierStore.OrderLineRecord
public typealias PaymentDetailRecord = CashierStore.PaymentDetailRecord
public typealias CouponRecord = CashierStore.CouponRecord
public typealias LockRecord = CashierStore.LockRecord
public typealias CheckoutRecord = CashierStore.CheckoutRecord
public typealias CheckoutView = CashierStore.CheckoutView
public typealias PaymentOrderRecord = CashierStore.PaymentOrderRecord
public typealias SettleResult = CashierStore.SettleResult
public typealias RefundRequestRecord = CashierStore.RefundRequestRecord
public typealias RefundOrderRecord = CashierStore.RefundOrderRecord
public typealias ShiftRecord = CashierStore.ShiftRecord
public typealias CashMovementRecord = CashierStore.CashMovementRecord
public typealias CashMovementKind = CashierStore.CashMovementKind
public typealias DrawerSummary = CashierStore.DrawerSummary
public typealias ReportFigures = CashierStore.ReportFigures
public typealias ReportLine = CashierStore.ReportLine
public typealias ReportShift = CashierStore.ReportShift
public typealias ReportReconciliation = CashierStore.ReportReconciliation
public typealias ZReportRecord = CashierStore.ZReportRecord
public typealias BusinessCalendar = CashierStore.BusinessCalendar
public typealias ReceiptRecord = CashierStore.ReceiptRecord
public typealias ReceiptSummary = CashierStore.ReceiptSummary
public typealias ReceiptState = CashierStore.ReceiptState
public typealias UserRecord = CashierStore.UserRecord
public typealias UserAccount = CashierStore.UserAccount
public typealias AuditEntry = CashierStore.AuditEntry
public typealias AuditFilter = CashierStore.AuditFilter
public typealias AuditPage = CashierStore.AuditPage
public typealias Violation = CashierStore.Violation
public typealias ChannelKeyRecord = CashierStore.ChannelKeyRecord
public typealias IdempotencyClaim = CashierStore.IdempotencyClaim
public typealias NotifySeen = CashierStore.NotifySeen
public typealias StoreError = CashierStore.StoreError
public typealias SHA256Hex = CashierStore.SHA256Hex
