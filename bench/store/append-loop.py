#!/usr/bin/env python3
"""Sequential 1 KiB IMAP APPENDs of one client into one folder (created if missing): rate, p50 and p99 latency.
Used by bench/store/ab-builds.sh.   append-loop.py PORT COUNT [FOLDER]   (user alice@example.com, password pw)"""
import imaplib, os, socket, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import chattext  # noqa: E402 (the benchmarks' message text: different for every message)
port=int(sys.argv[1]); n=int(sys.argv[2]); folder=sys.argv[3] if len(sys.argv)>3 else "INBOX"
m=imaplib.IMAP4("127.0.0.1",port); m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
m.login("alice@example.com","pw")
m.create(folder)
head=b"Subject: bench\r\nFrom: a@b\r\nTo: c@d\r\n\r\n"
lat=[]
t0=time.time()
for i in range(n):
    body=head+chattext.text(990,"%s.%d"%(folder,i)).encode()+b"\r\n"
    t=time.perf_counter(); typ,_=m.append(folder,None,None,body); lat.append(time.perf_counter()-t); assert typ=="OK"
el=time.time()-t0; lat.sort()
print("n=%d rate=%.0f/s p50=%.2fms p99=%.2fms"%(n,n/el,lat[n//2]*1000,lat[int(n*.99)]*1000))
