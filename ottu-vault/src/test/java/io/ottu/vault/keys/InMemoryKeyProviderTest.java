package io.ottu.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryKeyProviderTest {
  @Test
  void meetsTheKeyProviderContract() {
    KeyProviderContract.verify(InMemoryKeyProvider.create());
  }

  @Test
  void eachProviderHasItsOwnKeys() {
    InMemoryKeyProvider a = InMemoryKeyProvider.create();
    InMemoryKeyProvider b = InMemoryKeyProvider.create();

    assertThat(a.deriveSecret("x")).isNotEqualTo(b.deriveSecret("x"));
    assertThat(a.toString()).isEqualTo("InMemoryKeyProvider[versions=[1]]");
  }
}
