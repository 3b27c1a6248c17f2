"""Prints the mails in a Maildir (as written by aiosmtpd's Mailbox handler) as JSON, oldest
first: headers that the mail tests check, and the plain-text and HTML parts decoded."""
import email
import email.policy
import json
import os
import sys

folder = os.path.join(sys.argv[1], "new")
names = sorted(os.listdir(folder), key=lambda n: os.stat(os.path.join(folder, n)).st_mtime_ns) if os.path.isdir(folder) else []
out = []
for name in names:
    with open(os.path.join(folder, name), "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    out.append({
        "to": str(msg["To"] or ""),
        "rcpt": str(msg["X-RcptTo"] or ""),
        "from": str(msg["From"] or ""),
        "subject": str(msg["Subject"] or ""),
        "message_id": str(msg["Message-ID"] or "").strip(),
        "list_unsubscribe": str(msg["List-Unsubscribe"] or ""),
        "list_unsubscribe_post": str(msg["List-Unsubscribe-Post"] or ""),
        "text": plain.get_content() if plain is not None else "",
        "html": html.get_content() if html is not None else "",
    })
json.dump(out, sys.stdout)
