"""wechatpy against `cashier sandbox serve`: argv[1] is the base URL, argv[2] keys/wechat.toml.

Only the SDK's base URL is changed (API_BASE_URL, the SDK's own setting); every call, signature
and notify parser is the SDK's. Prints one line per check and exits non-zero at the first failure.
"""
import http.server
import sys
import threading
import time
import tomllib
import urllib.request

from wechatpy.exceptions import WeChatPayException
from wechatpy.pay import WeChatPay

base, merchant_file = sys.argv[1], sys.argv[2]
with open(merchant_file, "rb") as f:
    merchant = tomllib.load(f)
pay = WeChatPay(appid=merchant["appid"], api_key=merchant["api_key"], mch_id=merchant["mch_id"], timeout=10)
pay.API_BASE_URL = base + "/"
run = str(int(time.time()))
passed = 0


def check(name, condition, detail=""):
    global passed
    if not condition:
        print(f"FAIL {name} {detail}")
        sys.exit(1)
    passed += 1
    print(f"ok   {name}")


def code(digit, serial):
    return "13" + str(serial).zfill(15) + str(digit)


def refused(call):
    try:
        call()
    except WeChatPayException as e:
        return e
    return None


# Notify receiver: the SDK's own parsers read what the sandbox sends.
notifies = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            if b"req_info" in body:
                notifies.append(("refund", pay.parse_refund_notify_result(body)))
            else:
                notifies.append(("payment", pay.parse_payment_result(body)))
            answer = b"<xml><return_code><![CDATA[SUCCESS]]></return_code></xml>"
        except Exception as e:  # an unverifiable notify is answered FAIL (the sandbox retries)
            notifies.append(("refused", repr(e)))
            answer = b"<xml><return_code><![CDATA[FAIL]]></return_code></xml>"
        self.send_response(200)
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
notify_url = f"http://127.0.0.1:{server.server_address[1]}/notify/wechat"


def wait_for(kind, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        for k, v in notifies:
            if k == kind:
                return v
            if k == "refused":
                return None
        time.sleep(0.05)
    return None


# A code payment, queried; its answers verify with the SDK's check_signature.
no = "PY" + run + "A"
paid = pay.micropay.create(body="Coffee", total_fee=1230, auth_code=code(0, 1), client_ip="127.0.0.1", out_trade_no=no)
check("micropay SUCCESS", paid["result_code"] == "SUCCESS" and paid["total_fee"] == "1230")
check("answer signature verifies with the SDK", pay.check_signature(dict(paid)))
check("orderquery SUCCESS", pay.micropay.query(out_trade_no=no)["trade_state"] == "SUCCESS")
again = refused(lambda: pay.micropay.create(body="Coffee", total_fee=1230, auth_code=code(0, 1), client_ip="127.0.0.1", out_trade_no=no))
check("resubmission ORDERPAID", again is not None and again.errcode == "ORDERPAID")

# Partial refunds, idempotent by out_refund_no, and their query.
r1 = pay.refund.apply(total_fee=1230, refund_fee=230, out_refund_no=no + "R1", out_trade_no=no)
check("refund SUCCESS", r1["result_code"] == "SUCCESS" and r1["refund_fee"] == "230")
pay.refund.apply(total_fee=1230, refund_fee=230, out_refund_no=no + "R1", out_trade_no=no)
q = pay.refund.query(out_trade_no=no)
check("refundquery: one refund, SUCCESS", q["refund_count"] == "1" and q["refund_status_0"] == "SUCCESS")
check("orderquery REFUND", pay.order.query(out_trade_no=no)["trade_state"] == "REFUND")

# USERPAYING, then paid.
no = "PY" + run + "B"
e = refused(lambda: pay.micropay.create(body="Tea", total_fee=500, auth_code=code(1, 2), client_ip="127.0.0.1", out_trade_no=no))
check("micropay USERPAYING", e is not None and e.errcode == "USERPAYING")
end = time.time() + 20
while time.time() < end and pay.micropay.query(out_trade_no=no)["trade_state"] != "SUCCESS":
    time.sleep(0.2)
check("USERPAYING becomes SUCCESS", pay.micropay.query(out_trade_no=no)["trade_state"] == "SUCCESS")

# Refusals and unknown results.
e = refused(lambda: pay.micropay.create(body="Tea", total_fee=500, auth_code=code(2, 3), client_ip="127.0.0.1", out_trade_no="PY" + run + "C"))
check("NOTENOUGH", e is not None and e.errcode == "NOTENOUGH")
e = refused(lambda: pay.micropay.create(body="Tea", total_fee=500, auth_code=code(3, 4), client_ip="127.0.0.1", out_trade_no="PY" + run + "D"))
check("SYSTEMERROR, then the query finds it paid", e is not None and e.errcode == "SYSTEMERROR"
      and pay.micropay.query(out_trade_no="PY" + run + "D")["trade_state"] == "SUCCESS")

# Reverse while the customer pays: recall=Y twice, then revoked.
no = "PY" + run + "E"
refused(lambda: pay.micropay.create(body="Tea", total_fee=500, auth_code=code(4, 5), client_ip="127.0.0.1", out_trade_no=no))
recalls = 0
while True:
    try:
        done = pay.order.reverse(out_trade_no=no)
        break
    except WeChatPayException as e:
        if e.errcode != "SYSTEMERROR" or "<recall><![CDATA[Y]]></recall>" not in e.response.text or recalls > 5:
            check("reverse", False, repr(e))
        recalls += 1
check("reverse answered recall=Y twice, then SUCCESS", recalls == 2 and done["recall"] == "N")
check("orderquery REVOKED", pay.order.query(out_trade_no=no)["trade_state"] == "REVOKED")

# A NATIVE order paid by scan: the payment notify, read by the SDK's parse_payment_result.
no = "PY" + run + "F"
order = pay.order.create(trade_type="NATIVE", body="Cake", total_fee=800, notify_url=notify_url,
                         client_ip="127.0.0.1", out_trade_no=no, product_id=no)
check("unifiedorder NATIVE code_url", order["code_url"].startswith("weixin://wxpay/bizpayurl?pr="))
check("orderquery NOTPAY", pay.order.query(out_trade_no=no)["trade_state"] == "NOTPAY")
urllib.request.urlopen(urllib.request.Request(base + "/sandbox/scan?trade_no=" + no, method="POST"), timeout=10).read()
n = wait_for("payment")
check("payment notify verified by the SDK", n is not None and n["out_trade_no"] == no and n["total_fee"] == 800, repr(notifies))

# A refund with notify_url: the refund notify, decrypted by the SDK's parse_refund_notify_result.
pay.refund.apply(total_fee=800, refund_fee=300, out_refund_no=no + "R1", out_trade_no=no, notify_url=notify_url)
n = wait_for("refund")
check("refund notify decrypted by the SDK", n is not None and n["out_refund_no"] == no + "R1" and n["refund_status"] == "SUCCESS",
      repr(notifies))

# close an unpaid NATIVE order; HMAC-SHA256 requests.
no = "PY" + run + "G"
pay.order.create(trade_type="NATIVE", body="Cake", total_fee=800, notify_url=notify_url, client_ip="127.0.0.1",
                 out_trade_no=no, product_id=no, sign_type="HMAC-SHA256")
pay.order.close(out_trade_no=no)
check("HMAC-SHA256 order, closed", pay.order.query(out_trade_no=no)["trade_state"] == "CLOSED")

# A wrong key is refused with WeChat's own answer.
stranger = WeChatPay(appid=merchant["appid"], api_key="x" * 32, mch_id=merchant["mch_id"], timeout=10)
stranger.API_BASE_URL = base + "/"
e = refused(lambda: stranger.order.query(out_trade_no=no))
check("wrong API key: return_code FAIL", e is not None and e.return_code == "FAIL")

print(f"{passed} passed, 0 failed")
