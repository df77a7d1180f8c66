#!/usr/bin/env python3
"""Drill checker: reads every stored object of alice@ and bob@example.com over IMAP and checks them against the
PF's acknowledgement log. Keeps its memory in STATE (JSON) between calls, so UID reuse and UIDVALIDITY changes
across restarts are seen.

usage: check.py IMAP_PORT ACK_LOG STATE [WAIT_SECONDS]
Waits up to WAIT_SECONDS (default 120) for acknowledged objects still in the SMTP queue to be stored. Per owner:
  lost         acknowledged ids (first word of each ACK_LOG line) not stored
  duplicated   ids stored more than once (over all folders)
  uid_reused   a (folder, UID) seen in an earlier check now holds another object, or a new object got a UID at
               or below the highest UID seen earlier in its folder
  uidvalidity  folders whose UIDVALIDITY differs from the first value seen
Prints "CHECK owner=.. stored=.. acked=.. lost=.. duplicated=.. uid_reused=.. uidvalidity_changed=.." per owner;
exits 1 when any count is non-zero.
"""
import copy, imaplib, json, os, re, sys, time

port, ack_log, state_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
wait = float(sys.argv[4]) if len(sys.argv) > 4 else 120
OWNERS = ("alice@example.com", "bob@example.com")


def acked_ids():
    if not os.path.exists(ack_log):
        return set()
    return {l.split()[0] for l in open(ack_log) if l.strip()}


def read_owner(owner):
    """[(folder, uidvalidity, uid, imdn id)] of every stored message."""
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(owner, "pw")
    out = []
    typ, folders = m.list()
    for raw in folders or []:
        line = raw.decode()
        if "\\Noselect" in line:
            continue
        name = re.search(r'"[^"]*" (.*)$', line).group(1)
        typ, exists = m.select(name, readonly=True)
        if typ != "OK":
            continue
        out.append((name, None, None, None))
        uv = m.untagged_responses.get("UIDVALIDITY", [b"0"])[-1]
        uv = uv.decode() if isinstance(uv, bytes) else str(uv)
        out[-1] = (name, uv, None, None)
        if int(exists[0]) == 0:
            continue
        typ, data = m.uid("FETCH", "1:*", "(UID BODY.PEEK[HEADER.FIELDS (IMDN-Message-ID)])")
        for item in data or []:
            if isinstance(item, tuple):
                uid = int(re.search(rb"UID (\d+)", item[0]).group(1))
                mm = re.search(rb"(?i)IMDN-Message-ID:\s*(\S+)", item[1])
                out.append((name, uv, uid, mm.group(1).decode() if mm else "?"))
    try:
        m.logout()
    except (imaplib.IMAP4.abort, OSError):
        pass  # the server may close before its LOGOUT answer arrives
    return out


def evaluate(saved):
    state = copy.deepcopy(saved)
    acked = acked_ids()
    lines, bad, missing = [], False, 0
    for owner in OWNERS:
        st = state.setdefault(owner, {"uidvalidity": {}, "uids": {}, "max": {}})
        rows = read_owner(owner)
        ids, reused, changed_folders = {}, 0, set()
        old_max = dict(st["max"])
        for name, uv, uid, mid in rows:
            if st["uidvalidity"].setdefault(name, uv) != uv:
                changed_folders.add(name)
            if uid is None:
                continue
            ids[mid] = ids.get(mid, 0) + 1
            key = "%s/%d" % (name, uid)
            before = st["uids"].get(key)
            if before is None:
                if uid <= old_max.get(name, 0):
                    reused += 1
                st["uids"][key] = mid
            elif before != mid:
                reused += 1
            st["max"][name] = max(st["max"].get(name, 0), uid)
        lost = sorted(a for a in acked if a not in ids)
        dups = sorted(k for k, c in ids.items() if c > 1)
        missing += len(lost)
        lines.append("CHECK owner=%s stored=%d acked=%d lost=%d duplicated=%d uid_reused=%d uidvalidity_changed=%d%s%s"
                     % (owner, sum(ids.values()), len(acked), len(lost), len(dups), reused, len(changed_folders),
                        (" lost_by_door=" + ",".join("%s:%d" % (d, sum(1 for x in lost if "-%s-" % d in x))
                                                     for d in ("lmtp", "smtp", "http", "sip"))
                         + " lost_ids=" + ",".join(lost[:10])) if lost else "",
                        (" dup_ids=" + ",".join(dups[:10])) if dups else ""))
        bad = bad or bool(lost or dups or reused or changed_folders)
    return state, lines, bad, missing


saved = json.load(open(state_file)) if os.path.exists(state_file) else {}
deadline = time.time() + wait
while True:
    state, lines, bad, missing = evaluate(saved)
    if not missing or time.time() >= deadline:
        break
    time.sleep(2)
print("\n".join(lines), flush=True)
json.dump(state, open(state_file, "w"))
sys.exit(1 if bad else 0)
