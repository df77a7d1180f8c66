/**
 * The ports of the recording pipeline: the interfaces its steps call for storage and state, in CPM terms
 * (conversation folders, recorded keys and held sessions, preferences, deferred queue, expiry index, disposition
 * state, notifications the pipeline originates, metrics). Their implementations (adapters) are in
 * james-extensions: on James's MailboxManager ({@code org.cpmmss.james.mailbox.*} and the notifications adapters)
 * and on H2 (the state repositories).
 */
package org.cpmmss.recording.port;
