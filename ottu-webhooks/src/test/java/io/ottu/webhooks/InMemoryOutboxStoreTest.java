package io.ottu.webhooks;

/** The in-memory outbox passes the outbox contract. */
class InMemoryOutboxStoreTest extends OutboxStoreContract {
  @Override
  OutboxStore newStore() {
    return OutboxStore.inMemory();
  }
}
