/** How the core reaches a card vault without depending on one. */
package io.ottu.card;
