import CashierCore

/// The drawer pages seen from the shared switches in Update and View: one entry each.
extension AppState {
    func drawerBindings(_ page: DrawerPage) -> [KeyBinding] {
        switch page {
        case .openShift: return openShiftBindings
        case .overview: return drawerOverviewBindings
        case .closeShift: return closeShiftBindings
        case .closed: return closedBindings
        case .reports: return reportBindings
        case .receipt: return receiptBindings
        }
    }

    func drawerIsModal(_ page: DrawerPage) -> Bool {
        switch page {
        case .overview: return drawer.movement != nil
        case .reports: return drawer.reports.confirm != nil
        default: return false
        }
    }

    mutating func drawerCommand(_ page: DrawerPage, _ command: Command, key: Key) -> [Effect] {
        switch page {
        case .openShift: return openShiftCommand(command, key: key)
        case .overview: return drawerOverviewCommand(command, key: key)
        case .closeShift: return closeShiftCommand(command, key: key)
        case .closed: return closedCommand(command)
        case .reports: return reportCommand(command, key: key)
        case .receipt: return receiptCommand(command, key: key)
        }
    }

    mutating func drawerRefresh(_ page: DrawerPage) -> [Effect] {
        guard let session else { return [] }
        switch page {
        case .overview where !isPending(.drawer(.shift)): return [request(.drawer(.lookup(session)))]
        case .receipt:
            guard let id = drawer.receipt?.orderId, !isPending(.drawer(.receipt)) else { return [] }
            return [request(.drawer(.receipts(orderId: id)))]
        default: return []
        }
    }

    func drawDrawer(_ page: DrawerPage, into grid: inout Grid, _ body: Rect) {
        switch page {
        case .openShift: drawOpenShift(into: &grid, body)
        case .overview: drawDrawerOverview(into: &grid, body)
        case .closeShift: drawCloseShift(into: &grid, body)
        case .closed: drawClosed(into: &grid, body)
        case .reports: drawReports(into: &grid, body)
        case .receipt: drawReceipt(into: &grid, body)
        }
    }

    func drawerSummary(_ page: DrawerPage) -> [StyledLine] {
        switch page {
        case .openShift: return [StyledLine(" Type the opening float, then press Enter · Esc skips (paying needs a shift)", .dim)]
        case .overview: return drawerSummary
        case .closeShift: return closeShiftSummary
        case .closed: return [StyledLine(" Enter logs out", .dim)]
        case .reports: return reportSummary
        case .receipt: return receiptSummary
        }
    }

    /// Keys the orders screen lends to the drawer (added to its table).
    var ordersDrawerBindings: [KeyBinding] {
        let reason = drawerKeyReason
        return [
            // In the bar only where there is a drawer to show.
            .on(.function(8), do: .openDrawer, "Drawer", bar: drawer.keepsShifts, disabled: reason),
            .on(.char("r"), do: .reports, "Reports", bar: true, disabled: reason.map { "Reports" + $0.dropFirst("Drawer".count) }),
        ]
    }

    /// Navigation away from the drawer pages that would drop work half-way.
    var drawerNavigationBlocked: String? {
        switch route {
        case .drawer(.closeShift) where isPending(.drawer(.shift)): return "the shift is closing, wait for the answer."
        case .drawer(.closed): return "press Enter to log out."
        default: return nil
        }
    }
}
