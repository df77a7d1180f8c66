package org.cpmmss.james.store.api;

import java.util.List;

/** IMAP subscriptions (LSUB) of an account, by folder name. */
public interface SubscriptionStore {
    void subscribe(String owner, String folderName);

    void unsubscribe(String owner, String folderName);

    List<String> subscriptions(String owner);
}
