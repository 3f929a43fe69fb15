package io.ottu.vault;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@link CardVault#rotateKeys()} did. Immutable.
 *
 * @param previousVersion the KEK version that was current before
 * @param newVersion the new current version
 * @param rewrapped how many data keys were re-wrapped under the new version
 * @param failed how many records could not be re-wrapped because they failed authentication (see
 *     the log for their tokens); they keep their old version, which therefore cannot be retired
 * @param retirableVersions old versions that no live record uses any more, ready for {@link
 *     CardVault#retireKeyVersion(int)}
 */
public record KeyRotation(
    int previousVersion,
    int newVersion,
    long rewrapped,
    long failed,
    SortedSet<Integer> retirableVersions) {

  /** Copies the set. */
  public KeyRotation {
    retirableVersions =
        Collections.unmodifiableSortedSet(
            new TreeSet<>(Objects.requireNonNull(retirableVersions, "retirableVersions")));
  }
}
