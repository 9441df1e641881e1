// Package humantext holds the rules for text that people type: names, addresses and
// free text such as reasons and opinions. Every such field of a command passes
// through here, so that one place decides how long a name may be, which characters
// are refused and how text is normalised before it is stored and audited.
//
// Text is NFC-normalised, so that one name typed on two keyboards is stored alike.
// Control characters and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069
// and the marks) are refused, because they make a stored name display as something
// else than what it is. Private-use characters are allowed: service halls use them
// for rare characters in names (生僻字) that Unicode does not encode.
package humantext
