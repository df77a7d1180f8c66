/**
 * The recording pipeline: every matcher and mailet of conf/mailetcontainer.xml, in its order (each class
 * Javadoc says its place): {@link org.cpmmss.recording.pipeline.IsCpmObject} (root processor), then in the
 * {@code cpm} processor {@link org.cpmmss.recording.pipeline.ValidateCpmObject},
 * {@link org.cpmmss.recording.pipeline.QueueDeferred}, {@link org.cpmmss.recording.pipeline.DeferredHandOver},
 * {@link org.cpmmss.recording.pipeline.RecordingGate},
 * {@link org.cpmmss.recording.pipeline.ResolveConversationFolders},
 * {@link org.cpmmss.recording.pipeline.DispositionNotifications},
 * {@link org.cpmmss.recording.pipeline.SessionCollector} and
 * {@link org.cpmmss.recording.pipeline.FileIntoConversation}, with their small helpers; the shipped
 * {@code cpm} processor runs these nine as one container step,
 * {@link org.cpmmss.recording.pipeline.RecordCpmObject}.
 *
 * <p>The steps hold the business rules and call storage and state only through the ports of
 * {@code org.cpmmss.recording.port}; no James mailbox, H2 or JDBC type appears here (the adapters live in
 * james-extensions).</p>
 */
package org.cpmmss.recording.pipeline;
