package workday

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sync"
)

// The notices ship with the binary so a fresh install computes due dates
// without any setup; later years are loaded with Calendar.With.
//
//go:embed holidays/*.json
var embeddedFS embed.FS

var (
	embeddedYears = sync.OnceValues(loadEmbedded)
	embeddedCal   = sync.OnceValue(func() *Calendar {
		c, err := NewCalendar(mustEmbeddedYears()...)
		if err != nil {
			panic(err)
		}
		return c
	})
)

// loadEmbedded parses every embedded file strictly and checks that each is
// named after its year, so a file copied under the wrong name is caught.
func loadEmbedded() ([]YearFile, error) {
	const dir = "holidays"
	entries, err := fs.ReadDir(embeddedFS, dir)
	if err != nil {
		return nil, err
	}
	var ys []YearFile
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		data, err := embeddedFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		y, err := ParseYearFile(data)
		if err != nil {
			return nil, fmt.Errorf("workday: embedded %s: %w", name, err)
		}
		if want := fmt.Sprintf("%d.json", y.Year); e.Name() != want {
			return nil, fmt.Errorf("workday: embedded %s holds year %d, want it named %s", name, y.Year, want)
		}
		ys = append(ys, y)
	}
	return ys, nil
}

func mustEmbeddedYears() []YearFile {
	ys, err := embeddedYears()
	if err != nil {
		panic(err)
	}
	return ys
}

// Embedded returns the calendar of the embedded notices (2024–2026). It
// panics only if the embedded data is invalid, which a test rules out, so
// callers need not handle an error that cannot happen in a release.
func Embedded() *Calendar {
	return embeddedCal()
}

// EmbeddedYears returns copies of the embedded year files, for an
// administrator to inspect or to build a calendar with corrections. It panics
// under the same condition as Embedded.
func EmbeddedYears() []YearFile {
	ys := mustEmbeddedYears()
	out := make([]YearFile, len(ys))
	for i, y := range ys {
		out[i] = y.clone()
	}
	return out
}
