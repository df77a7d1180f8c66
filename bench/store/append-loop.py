#!/usr/bin/env python3
"""Sequential 1 KiB IMAP APPENDs of one client into one folder (created if missing): rate, p50 and p99 latency.
Used by bench/store/ab-builds.sh.   append-loop.py PORT COUNT [FOLDER]   (user alice@example.com, password pw)"""
import imaplib, socket, sys, time
port=int(sys.argv[1]); n=int(sys.argv[2]); folder=sys.argv[3] if len(sys.argv)>3 else "INBOX"
m=imaplib.IMAP4("127.0.0.1",port); m.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
m.login("alice@example.com","pw")
m.create(folder)
body=b"Subject: bench\r\nFrom: a@b\r\nTo: c@d\r\n\r\n"+b"x"*990+b"\r\n"
lat=[]
t0=time.time()
for i in range(n):
    t=time.perf_counter(); typ,_=m.append(folder,None,None,body); lat.append(time.perf_counter()-t); assert typ=="OK"
el=time.time()-t0; lat.sort()
print("n=%d rate=%.0f/s p50=%.2fms p99=%.2fms"%(n,n/el,lat[n//2]*1000,lat[int(n*.99)]*1000))
