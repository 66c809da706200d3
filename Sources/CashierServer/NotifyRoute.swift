import AlipayProtocol
import Hummingbird

/// `POST /notify/alipay`: the form is read, checked and applied; the answer is the plain
/// `success` Alipay expects only once the result is stored, else `failure`.
struct NotifyRoute: Sendable {
    let receiver: NotifyReceiver

    func handle(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        do {
            let body = try await request.smallBody(context)
            // Alipay's gateway accepts parameters from the query too; its notifies are form posts.
            var form = FormEncoding.decode(request.uri.query ?? "")
            for (k, v) in FormEncoding.decode(String(decoding: body, as: UTF8.self)) { form[k] = v }
            switch try await receiver.receive(form) {
            case .accepted: return JSONOut.text("success")
            case .refused: return JSONOut.text("failure", status: .badRequest)
            }
        } catch let e as APIError {
            return JSONOut.text("failure", status: e.status)
        } catch {
            context.logger.error("notify could not be stored: \(error)")
            return JSONOut.text("failure", status: .serviceUnavailable)
        }
    }
}
