package org.cpmmss.james.store.mailbox;

import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.model.Subscription;
import org.cpmmss.james.store.api.SubscriptionStore;

/** James's {@link SubscriptionMapper} (SUBSCRIBE/LSUB) on our {@link SubscriptionStore}. */
public final class NativeSubscriptionMapper implements SubscriptionMapper {
    private final SubscriptionStore subscriptions;

    public NativeSubscriptionMapper(SubscriptionStore subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void save(Subscription subscription) {
        subscriptions.subscribe(subscription.getUser().asString(), subscription.getMailbox());
    }

    @Override
    public List<Subscription> findSubscriptionsForUser(Username user) {
        return subscriptions.subscriptions(user.asString()).stream().map(name -> new Subscription(user, name))
            .toList();
    }

    @Override
    public void delete(Subscription subscription) {
        subscriptions.unsubscribe(subscription.getUser().asString(), subscription.getMailbox());
    }
}
