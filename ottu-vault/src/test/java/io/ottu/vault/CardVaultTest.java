package io.ottu.vault;

import static io.ottu.vault.TestCards.AMEX;
import static io.ottu.vault.TestCards.CVC;
import static io.ottu.vault.TestCards.MASTERCARD;
import static io.ottu.vault.TestCards.VISA;
import static io.ottu.vault.TestCards.card;
import static io.ottu.vault.TestCards.cardWithCvc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.CardSummary;
import io.ottu.InvalidRequestException;
import io.ottu.OttuException;
import io.ottu.access.AccessDeniedException;
import io.ottu.access.AccessPolicy;
import io.ottu.access.Permission;
import io.ottu.access.Principal;
import io.ottu.audit.AuditLog;
import io.ottu.audit.AuditRecord;
import io.ottu.card.CardTokenResolver;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardVaultTest {
  private static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
  private final Principal support = Principal.withRoles("sam", "support");
  private final Principal stranger = Principal.withRoles("eve", "marketing");

  private MutableClock clock;
  private AuditLog audit;
  private VaultStore store;
  private CardVault vault;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    audit = AuditLog.inMemory();
    store = VaultStore.inMemory();
    vault =
        CardVault.builder()
            .keyProvider(InMemoryKeyProvider.create())
            .store(store)
            .auditLog(audit)
            .clock(clock)
            .accessPolicy(
                AccessPolicy.roles(
                    Map.of(
                        "support", Set.of(Permission.VAULT_DETOKENIZE, Permission.VAULT_DELETE))))
            .build();
  }

  @Test
  void tokenizeReturnsTokenAndWhatMayBeKnown() {
    CardToken token = vault.tokenize(card(VISA), "cust_1");

    assertThat(token.token()).matches("tok_[0-9A-Za-z]{22}");
    assertThat(token.brand()).isEqualTo(CardBrand.VISA);
    assertThat(token.bin()).isEqualTo("424242");
    assertThat(token.last4()).isEqualTo("4242");
    assertThat(token.expiryMonth()).isEqualTo(12);
    assertThat(token.expiryYear()).isEqualTo(2030);
    assertThat(token.expiry()).isEqualTo(YearMonth.of(2030, 12));
    assertThat(token.maskedPan()).isEqualTo("424242******4242");
    assertThat(token.fingerprint()).matches("[A-Za-z0-9_-]{43}");
    assertThat(token.customerId()).contains("cust_1");
    assertThat(token.createdAt()).isEqualTo(NOW);
    assertThat(token.summary())
        .isEqualTo(new CardSummary(CardBrand.VISA, "424242", "4242", 12, 2030));
    assertThat(token.toString())
        .isEqualTo("CardToken[" + token.token() + " VISA 424242******4242 12/2030]");
  }

  @Test
  void detokenizeRoundTripsEveryTestCard() {
    for (Object[] row : TestCards.ALL) {
      String pan = (String) row[0];
      CardData original =
          CardData.builder().number(pan).expiry(7, 2031).holderName("Grace Hopper").build();
      CardToken token = vault.tokenize(original);

      CardData back = vault.detokenize(token.token(), support, "ticket:1");

      assertThat(back.number()).isEqualTo(pan);
      assertThat(back.expiryMonth()).isEqualTo(7);
      assertThat(back.expiryYear()).isEqualTo(2031);
      assertThat(back.holderName()).contains("Grace Hopper");
      assertThat(back.cvc()).isEmpty();
      assertThat(token.brand()).as("brand of %s", row[1]).isEqualTo(row[1]);
      assertThat(token.maskedPan()).isEqualTo(original.maskedNumber());
      back.wipe();
    }
  }

  @Test
  void sameCardSameFingerprintDifferentTokens() {
    CardToken a = vault.tokenize(card(VISA));
    CardToken b =
        vault.tokenize(CardData.builder().number("4242 4242 4242 4242").expiry(1, 2029).build());
    CardToken c = vault.tokenize(card(MASTERCARD));

    assertThat(a.token()).isNotEqualTo(b.token());
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(a.fingerprint()).isNotEqualTo(c.fingerprint());
    assertThat(vault.fingerprint(card(VISA))).isEqualTo(a.fingerprint());
    assertThat(vault.tokensWithFingerprint(a.fingerprint()))
        .containsExactlyInAnyOrder(a.token(), b.token());
  }

  @Test
  void fingerprintsDifferBetweenVaults() {
    CardVault other = CardVault.builder().keyProvider(InMemoryKeyProvider.create()).build();

    assertThat(other.fingerprint(card(VISA))).isNotEqualTo(vault.fingerprint(card(VISA)));
  }

  @Test
  void describeAndFindNeedNoDecryption() {
    CardToken token = vault.tokenize(card(AMEX));

    assertThat(vault.describe(token.token()))
        .isEqualTo(new CardSummary(CardBrand.AMERICAN_EXPRESS, "378282", "0005", 12, 2030));
    assertThat(vault.find(token.token())).contains(token);
    assertThat(vault.find("tok_unknown")).isEmpty();
    assertThat(audit.records()).isEmpty();
  }

  @Test
  void invalidCardNumbersNeverReachTheVault() {
    assertThatThrownBy(() -> card("4242424242424241"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("card.number: fails the Luhn check")
        .hasMessageNotContaining("4242424242424241");
    assertThatThrownBy(() -> card("42424242"))
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("card.number");
  }

  @Test
  void expiredCardIsRefusedWithItsOwnError() {
    CardData expired = CardData.builder().number(VISA).expiry(2, 2026).build();
    CardData thisMonth = CardData.builder().number(VISA).expiry(3, 2026).build();

    assertThatThrownBy(() -> vault.tokenize(expired))
        .isInstanceOf(CardExpiredException.class)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("card.expiry: card expired at the end of 02/2026 (now 03/2026)")
        .satisfies(e -> assertThat(((CardExpiredException) e).field()).isEqualTo("card.expiry"));
    assertThat(vault.tokenize(thisMonth).expiry()).isEqualTo(YearMonth.of(2026, 3));
  }

  @Test
  void wipedCardAndBlankCustomerAreRefused() {
    CardData wiped = card(VISA);
    wiped.wipe();

    assertThatThrownBy(() -> vault.tokenize(wiped))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("wiped");
    assertThatThrownBy(() -> vault.tokenize(card(VISA), " "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("customerId: must not be blank");
  }

  @Test
  void unknownTokenHasItsOwnError() {
    assertThatThrownBy(() -> vault.detokenize("tok_doesNotExist", support))
        .isInstanceOf(TokenNotFoundException.class)
        .hasMessage("token: no card is stored under token tok_doesNotExist");
    assertThatThrownBy(() -> vault.describe("tok_doesNotExist"))
        .isInstanceOf(TokenNotFoundException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("source.token");
    assertThatThrownBy(() -> vault.detokenize(" ", support))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("token: is required");
  }

  @Test
  void erasedTokenHasItsOwnError() {
    CardToken token = vault.tokenize(card(VISA), "cust_9");
    clock.advance(java.time.Duration.ofMinutes(5));

    assertThat(vault.delete(token.token())).isTrue();
    assertThat(vault.delete(token.token())).as("idempotent").isFalse();

    assertThatThrownBy(() -> vault.detokenize(token.token(), support))
        .isInstanceOf(TokenErasedException.class)
        .hasMessage(
            "token: token "
                + token.token()
                + " was erased at 2026-03-15T10:05:00Z; its data key was destroyed and the card"
                + " cannot be recovered")
        .satisfies(
            e -> assertThat(((TokenErasedException) e).erasedAt()).isEqualTo(NOW.plusSeconds(300)));
    assertThatThrownBy(() -> vault.describe(token.token()))
        .isInstanceOf(TokenErasedException.class);
    assertThat(vault.find(token.token())).isEmpty();
    assertThat(vault.tokensWithFingerprint(token.fingerprint())).isEmpty();
  }

  @Test
  void erasureDestroysTheEnvelope() {
    CardToken token = vault.tokenize(card(VISA), "cust_9");
    vault.delete(token.token());

    VaultRecord tombstone = store.find(token.token()).orElseThrow();
    assertThat(tombstone.isErased()).isTrue();
    assertThat(tombstone.wrappedKey()).isNull();
    assertThat(tombstone.nonce()).isNull();
    assertThat(tombstone.ciphertext()).isNull();
    assertThat(tombstone.summary()).isNull();
    assertThat(tombstone.fingerprint()).isNull();
    assertThat(tombstone.customerId()).isEmpty();
    assertThat(store.countLive(1)).isZero();
  }

  @Test
  void deleteOfUnknownTokenFails() {
    assertThatThrownBy(() -> vault.delete("tok_nope")).isInstanceOf(TokenNotFoundException.class);
  }

  @Test
  void eraseCustomerErasesOnlyThatCustomer() {
    CardToken a1 = vault.tokenize(card(VISA), "cust_a");
    CardToken a2 = vault.tokenize(card(MASTERCARD), "cust_a");
    CardToken b1 = vault.tokenize(card(AMEX), "cust_b");
    CardToken none = vault.tokenize(card(VISA));

    assertThat(vault.eraseCustomer("cust_a", support, "gdpr:42")).isEqualTo(2);
    assertThat(vault.eraseCustomer("cust_a")).isZero();

    assertThatThrownBy(() -> vault.detokenize(a1.token(), support))
        .isInstanceOf(TokenErasedException.class);
    assertThatThrownBy(() -> vault.detokenize(a2.token(), support))
        .isInstanceOf(TokenErasedException.class);
    assertThat(vault.detokenize(b1.token(), support).number()).isEqualTo(AMEX);
    assertThat(vault.detokenize(none.token(), support).number()).isEqualTo(VISA);
    assertThat(audit.records())
        .filteredOn(r -> r.event().action().equals("vault.delete"))
        .extracting(r -> r.event().subject())
        .containsExactlyInAnyOrder(a1.token(), a2.token());
    assertThat(audit.records())
        .filteredOn(r -> r.event().action().equals("vault.erase_customer"))
        .extracting(r -> r.event().detail())
        .containsExactly("purpose=gdpr:42; erased=2", "purpose=erasure; erased=0");
  }

  @Test
  void unauthorizedPrincipalIsRefusedAuditedAndLearnsNothing() {
    CardToken token = vault.tokenize(card(VISA));

    assertThatThrownBy(() -> vault.detokenize(token.token(), stranger, "curiosity"))
        .isInstanceOf(AccessDeniedException.class)
        .isInstanceOf(OttuException.class)
        .hasMessage("principal 'eve' lacks permission VAULT_DETOKENIZE");
    // Same answer for a token that does not exist: no existence oracle.
    assertThatThrownBy(() -> vault.detokenize("tok_missing", stranger))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> vault.detokenize(token.token(), null))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("no principal given lacks permission VAULT_DETOKENIZE");
    assertThatThrownBy(() -> vault.delete(token.token(), stranger, "x"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("principal 'eve' lacks permission VAULT_DELETE");
    assertThatThrownBy(() -> vault.rotateKeys(support))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("principal 'sam' lacks permission VAULT_ADMIN");

    List<AuditRecord> denied =
        audit.records().stream()
            .filter(r -> r.event().action().equals("vault.detokenize.denied"))
            .toList();
    assertThat(denied).hasSize(3);
    assertThat(denied.get(0).event().actor()).isEqualTo("eve");
    assertThat(denied.get(0).event().subject()).isEqualTo(token.token());
    assertThat(denied.get(0).event().detail()).isEqualTo("purpose=curiosity");
    assertThat(denied.get(2).event().actor()).isEqualTo("(none)");
  }

  @Test
  void selfGrantedPermissionsAreNotTrusted() {
    CardToken token = vault.tokenize(card(VISA));
    Principal forged = Principal.withPermissions("ottu-engine", Permission.VAULT_DETOKENIZE);

    assertThatThrownBy(() -> vault.detokenize(token.token(), forged))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(vault.detokenize(token.token(), vault.enginePrincipal()).number()).isEqualTo(VISA);
  }

  @Test
  void everyDetokenizeIsAuditedWithWhoWhenWhichAndWhy() {
    CardToken token = vault.tokenize(card(VISA));
    clock.advance(java.time.Duration.ofSeconds(42));

    vault.detokenize(token.token(), support, "support-ticket:88").wipe();
    vault.detokenize(token.token(), support).wipe();

    List<AuditRecord> records = audit.records();
    assertThat(records).hasSize(2);
    assertThat(records.get(0).event().at()).isEqualTo(NOW.plusSeconds(42));
    assertThat(records.get(0).event().actor()).isEqualTo("sam");
    assertThat(records.get(0).event().action()).isEqualTo("vault.detokenize");
    assertThat(records.get(0).event().subject()).isEqualTo(token.token());
    assertThat(records.get(0).event().detail()).isEqualTo("purpose=support-ticket:88");
    assertThat(records.get(1).event().detail()).isEqualTo("purpose=unspecified");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void failingAuditLogFailsTheDetokenizeClosed() {
    AuditLog broken =
        new AuditLog() {
          @Override
          public AuditRecord append(io.ottu.audit.AuditEvent event) {
            throw new OttuException("audit database unavailable");
          }

          @Override
          public List<AuditRecord> records() {
            return List.of();
          }

          @Override
          public io.ottu.audit.AuditVerification verify() {
            return io.ottu.audit.AuditVerification.ok(0);
          }
        };
    CardVault strict =
        vault.toBuilder().auditLog(broken).accessPolicy(AccessPolicy.allowAll()).build();
    CardToken token = strict.tokenize(card(VISA));

    assertThatThrownBy(() -> strict.detokenize(token.token(), support))
        .isInstanceOf(OttuException.class)
        .hasMessage("audit database unavailable");
  }

  @Test
  void resolveActsAsTheEngineAndAuditsThePayment() {
    CardTokenResolver resolver = vault;
    CardToken token = vault.tokenize(cardWithCvc(VISA, CVC));

    CardData card = resolver.resolve(token.token(), "pay_123");

    assertThat(card.number()).isEqualTo(VISA);
    assertThat(card.cvc()).contains(CVC);
    AuditRecord last = audit.records().get(audit.records().size() - 1);
    assertThat(last.event().actor()).isEqualTo("ottu-engine");
    assertThat(last.event().action()).isEqualTo("vault.detokenize");
    assertThat(last.event().detail()).isEqualTo("purpose=payment:pay_123");
    card.wipe();
  }

  @Test
  void resolveReportsUnknownAndErasedTokensAgainstSourceToken() {
    CardToken token = vault.tokenize(card(VISA));
    vault.delete(token.token());

    assertThatThrownBy(() -> vault.resolve("tok_unknown", "pay_1"))
        .isInstanceOf(InvalidRequestException.class)
        .isInstanceOf(TokenNotFoundException.class)
        .satisfies(
            e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("source.token"));
    assertThatThrownBy(() -> vault.resolve(token.token(), "pay_1"))
        .isInstanceOf(TokenErasedException.class)
        .satisfies(
            e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("source.token"));
  }

  @Test
  void engineWithoutPermissionIsRefused() {
    CardVault locked =
        vault.toBuilder().enginePrincipal(Principal.withPermissions("ottu-engine")).build();
    CardToken token = locked.tokenize(card(VISA));

    assertThatThrownBy(() -> locked.resolve(token.token(), "pay_2"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("principal 'ottu-engine' lacks permission VAULT_DETOKENIZE");
  }

  @Test
  void builderNamesMissingOrInvalidSettings() {
    assertThatThrownBy(() -> CardVault.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyProvider: is required");
    assertThatThrownBy(
            () ->
                CardVault.builder()
                    .keyProvider(InMemoryKeyProvider.create())
                    .cvcTtl(java.time.Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cvcTtl: must be positive");
    assertThatThrownBy(
            () ->
                CardVault.builder()
                    .keyProvider(InMemoryKeyProvider.create())
                    .rotationPageSize(0)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rotationPageSize: must be at least 1");
  }

  @Test
  void builderIsReusableAndToBuilderSharesStore() {
    CardVault.Builder builder =
        CardVault.builder().keyProvider(InMemoryKeyProvider.create()).store(store);
    CardVault first = builder.build();
    CardVault second = builder.build();
    CardToken token = first.tokenize(card(VISA));

    assertThat(second.find(token.token())).contains(token);
    assertThat(first.toBuilder().build().find(token.token())).contains(token);
  }

  @Test
  void tokensAreUnique() {
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 2000; i++) {
      assertThat(seen.add(vault.tokenize(card(VISA)).token())).isTrue();
    }
  }
}
