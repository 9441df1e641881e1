package humantext

import (
	"strings"
	"testing"

	"yiwang/internal/apperr"
)

func TestNameRefusesWhatWouldMislead(t *testing.T) {
	for _, s := range []string{
		"张三\u202e",               // right-to-left override
		"张\u2066三",               // isolate
		"张三\u0000",               // NUL
		"张\u200b三",               // zero-width space: looks like 张三
		"张三\n李四",                 // two lines
		strings.Repeat("张", 101), // too long
		"   ",                    // blank
		"\xff张三",                 // not UTF-8
	} {
		if _, err := Name("name", s); apperr.KindOf(err) != apperr.Invalid || apperr.As(err).Field != "name" {
			t.Errorf("Name(%q) = %v, want invalid naming the field", s, err)
		}
	}
}

func TestNameNormalises(t *testing.T) {
	got, err := Name("name", "  Zoe\u0308 Müller  ") // e + combining diaeresis
	if err != nil {
		t.Fatal(err)
	}
	if got != "Zoë Müller" {
		t.Errorf("Name = %q, want NFC form without surrounding spaces", got)
	}
	if got, err := Name("name", strings.Repeat("张", 100)); err != nil || got == "" {
		t.Errorf("a 100-character name is refused: %v", err)
	}
	if _, err := Name("name", "王\ue000明"); err != nil { // private use: a rare character
		t.Errorf("a private-use character is refused: %v", err)
	}
	if _, err := Name("name", "阿依古丽·买买提"); err != nil {
		t.Errorf("a name with a middle dot is refused: %v", err)
	}
}

func TestFreeKeepsLinesRefusesControls(t *testing.T) {
	got, err := Free("reason", "第一行\r\n\t第二行", true)
	if err != nil || got != "第一行\r\n\t第二行" {
		t.Errorf("Free = %q, %v", got, err)
	}
	if _, err := Free("reason", "", false); err != nil {
		t.Errorf("optional blank refused: %v", err)
	}
	for _, s := range []string{"", " \n", "理由\u202e", "理由\u0007", strings.Repeat("字", MaxFree+1)} {
		if _, err := Free("reason", s, true); apperr.As(err) == nil || apperr.As(err).Field != "reason" {
			t.Errorf("Free(%q) = %v, want an error naming reason", s, err)
		}
	}
}
