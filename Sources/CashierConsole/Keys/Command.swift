/// Everything a key can ask for. A key table maps keys to these; each screen's update
/// interprets the ones it lists, so dispatch, key bar and help share one source.
enum Command: Equatable, Sendable {
    // Global
    case help, closeHelp, quit, confirmQuit, stay, approvals, toggleHistory, logout
    // Moving
    case up, down, pageUp, pageDown, home, end, nextField, prevField
    // Editing the focused text field (`type` takes the character from the key)
    case type, erase, eraseForward, fieldLeft, fieldRight, fieldHome, fieldEnd
    // Screen actions
    case confirm, back, select, pay, search, refund, refresh, cycleType, cycleStatus
    case methodPrev, methodNext
    case retry, cancelPayment, confirmCancel, keepWaiting, changeMethod
    case approve, reject
    // The cashier's day: drawer, shift, reports, receipts
    case openDrawer, reports, cashIn, cashOut, closeShift, xReport, zReport, print, nextReceipt, prevReceipt
    // Users and the audit log
    case openUsers, openAudit, addUser, toggleUser, resetPin
}
