#!/usr/bin/env python3
"""Where an IMAP command's CPU goes on the connection threads, from `perf` (all of it: the kernel's socket work and
the JVM's runtime included, which JFR does not see; and unbiased: under the C1-only JIT JFR dropped most of its samples
and over-weighted H2 in those it kept). Each imapserver-io sample is counted once, under the first category below
found anywhere in its stack (so "store" includes everything H2 calls). The server must run with frame pointers:

  JAVA_OPTS="-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TieredStopAtLevel=1 \
    -XX:+PreserveFramePointer" bin/cpm-mss ...
  (load running) perf record -F 2999 -g -p PID -o perf.data -- sleep 5; jcmd PID Compiler.perfmap
  bench/read-path/perf-summary.py perf.data

Categories are for a single-message `UID FETCH n (BODY.PEEK[])` on the stored-FETCH path (docs/benchmarks.md,
"Single FETCH (helper, branch single-fetch)").
"""
import re,sys,collections,subprocess
# categories by priority: the first whose marker appears anywhere in the sample's stack
M=[('store: SQL row read (H2 via MessageStore.list/listFlags)',('org.h2.','EmbeddedMessageStore.list','Transactor.read')),
   ('store: blob bytes (segment read)',('ReadAheadContent','SegmentLog','EmbeddedStorage.read','EmbeddedStorage$')),
   ('socket write (Netty write path + kernel send)',('ChannelImapResponseWriter','imap.core.ChannelResponseWriter','AbstractChannel.writeAndFlush','AbstractChannelHandlerContext.writeAndFlush','AbstractChannelHandlerContext.flush','ChannelOutboundBuffer','NioSocketChannel.doWrite')),
   ('encode (James encoder + profile encoders)',('org.apache.james.imap.encode.','OrderedFetchEncoder','ProfileImapEncoder','PreferenceEntryEncoder','ItemComposer','ForwardingComposer','InternalDateText','ResponseEncoder.respond')),
   ('responses: objects, wrappers, announcements, OK',('StoredFetchResponses','StoredAnnouncements','okComplete','KeywordAnnouncer.respond','PositiveHighestModSeq.respond','ProfileImapProcessor$1.respond','FetchCorrections$','EsearchModSeqProcessor$')),
   ('folder look-up per command (getMailboxReactive)',('getMailboxReactive','NativeMailboxMapper','createMessageManager')),
   ('timer metric (IMAP-FETCH)',('org.apache.james.metrics.','com.codahale.','org.HdrHistogram')),
   ('decode (James parser + order recording)',('FramedRequest.decode','OrderRecordingDecoder','DefaultImapDecoder','CommandTokens','RequestOrders')),
   ('MDC',('.mdc(','MDCBuilder','ReactorUtils.context','IMAPMDCContext')),
   ('fetch processor, rest (Reactor in it)',('StoredFetchProcessor','StoredFetchRows','StoredFetchPath','StoredFetchShape','AbstractMailboxProcessor','AbstractProcessor')),
   ('per-account queue, client view',('ConcurrentSessionsProcessor','MailboxWriteQueue','ClientViewMailbox','AccountTurns')),
   ('other cpm decorators (profile, conformance, guard, activity)',('ProfileImapProcessor','ConformanceImapProcessor','CleartextAuthenticationGuard','StorageReserveImapProcessor','EsearchModSeqProcessor','ClientActivityProcessor','DeferredDecodingProcessor','OneReadSelection')),
   ('per-command handler (James\'s ImapChannelUpstreamHandler or CommandHandler: throttle, linearalizer, subscribe)',('ImapChannelUpstreamHandler','ReactiveThrottler','Linearalizer','imap.core.CommandHandler')),
   ('framing (ImapCommandFramer, CommandAssembler)',('ImapCommandFramer','CommandAssembler','CommandCompletions')),
   ('socket read + epoll (Netty read loop + kernel)',('NioByteUnsafe.read','NioEventLoop.select','SelectorImpl','epoll','NioEventLoop.processSelectedKey')),
  ]
text = subprocess.run(['perf', 'script', '-i', sys.argv[1]], capture_output=True, text=True).stdout
c=collections.Counter(); th=collections.Counter(); n=0; kern=collections.Counter(); gc=0
for block in text.split('\n\n'):
    lines=block.strip().split('\n')
    if not lines or not lines[0].strip(): continue
    head=lines[0]; t=head.split()[0]
    th[re.sub(r'[-#]?\d+$','',t)]+=1
    if not t.startswith('imapserver-io'): continue
    n+=1
    fr=[l.strip().split(' ',1)[1] if ' ' in l.strip() else l.strip() for l in lines[1:]]
    s='\n'.join(fr)
    k='other (Netty loop, JVM runtime, unresolved)'
    for name,keys in M:
        if any(x in s for x in keys): k=name; break
    c[k]+=1
    leaf=fr[0] if fr else ''
    kern['kernel' if 'kallsyms' in leaf else 'libjvm' if 'libjvm' in leaf else 'libc/other native' if ('.so' in leaf and 'perf-' not in leaf) else 'Java (JIT/interp/stubs)']+=1
tot=sum(th.values())
print("all samples %d; by thread:"%tot, ', '.join("%s %.1f%%"%(k,100*v/tot) for k,v in th.most_common(6)))
print("imapserver-io: %d samples; leaf in: %s"%(n, ', '.join("%s %.1f%%"%(k,100*v/n) for k,v in kern.most_common())))
for k,v in c.most_common(): print("%5.1f %% %s"%(100*v/n,k))
