package throttle

import (
	"strconv"
	"testing"
	"time"
)

var t0 = time.Date(2026, 2, 16, 9, 0, 0, 0, time.UTC)

func TestTake(t *testing.T) {
	tests := []struct {
		name string
		// run makes attempts and returns the wait of the last one.
		run  func(a, b *Limiter) time.Duration
		want time.Duration
	}{
		{name: "within the burst", want: 0, run: func(a, b *Limiter) time.Duration {
			return takeN(3, t0, a.Key("x"))
		}},
		{name: "past the burst waits for one token", want: time.Minute, run: func(a, b *Limiter) time.Duration {
			return takeN(4, t0, a.Key("x"))
		}},
		{name: "a token earned back", want: 0, run: func(a, b *Limiter) time.Duration {
			takeN(3, t0, a.Key("x"))
			return takeN(1, t0.Add(time.Minute), a.Key("x"))
		}},
		{name: "keys are separate", want: 0, run: func(a, b *Limiter) time.Duration {
			takeN(3, t0, a.Key("x"))
			return takeN(1, t0, a.Key("y"))
		}},
		{name: "refunded tokens come back", want: 0, run: func(a, b *Limiter) time.Duration {
			for range 10 {
				tk, _ := Take(t0, a.Key("x"))
				tk.Refund()
			}
			return takeN(3, t0, a.Key("x"))
		}},
		{name: "forgotten key starts full", want: 0, run: func(a, b *Limiter) time.Duration {
			takeN(3, t0, a.Key("x"))
			a.Forget("x")
			return takeN(3, t0, a.Key("x"))
		}},
		{name: "all or none: a refusal takes nothing", want: 0, run: func(a, b *Limiter) time.Duration {
			takeN(1, t0, b.Key("y")) // b's bucket y is now empty
			for range 5 {
				Take(t0, a.Key("x"), b.Key("y")) // refused by b every time
			}
			return takeN(3, t0, a.Key("x"))
		}},
		{name: "the longest wait is the answer", want: 10 * time.Minute, run: func(a, b *Limiter) time.Duration {
			takeN(3, t0, a.Key("x"))
			takeN(1, t0, b.Key("y"))
			return takeN(1, t0, a.Key("x"), b.Key("y"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(Limit{Burst: 3, Every: time.Minute}, 100)
			b := New(Limit{Burst: 1, Every: 10 * time.Minute}, 100)
			if got := tt.run(a, b); got != tt.want {
				t.Errorf("wait %v, want %v", got, tt.want)
			}
		})
	}
}

func takeN(n int, now time.Time, keys ...Key) time.Duration {
	var wait time.Duration
	for range n {
		_, wait = Take(now, keys...)
	}
	return wait
}

// TestBounded cycles through many more keys than the limiter keeps: the set stays
// at its bound, and the key used last is still remembered.
func TestBounded(t *testing.T) {
	l := New(Limit{Burst: 1, Every: time.Hour}, 50)
	for i := range 10_000 {
		Take(t0, l.Key(strconv.Itoa(i)))
	}
	if got := l.Len(); got != 50 {
		t.Errorf("%d buckets kept, want 50", got)
	}
	if _, wait := Take(t0, l.Key("9999")); wait == 0 {
		t.Error("the most recent key was forgotten")
	}
	if _, wait := Take(t0, l.Key("0")); wait != 0 {
		t.Errorf("the oldest key was kept (wait %v)", wait)
	}
}
