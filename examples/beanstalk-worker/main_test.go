package main

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awssim/awssim/internal/golden"
)

// TestDayIsIdenticalOnEveryRun runs the story twice and compares both
// summaries with the golden one, and both CSV files and both plots with
// each other: same seed, same calls, same clock moves, same output, byte
// for byte.
func TestDayIsIdenticalOnEveryRun(t *testing.T) {
	if testing.Short() {
		t.Skip("two simulated days of a million messages")
	}
	dir := t.TempDir()
	var tables [2]bytes.Buffer
	var csvs, plots [2][]byte
	for i := range 2 {
		csvPath, svgPath := filepath.Join(dir, "worker.csv"), filepath.Join(dir, "worker.svg")
		if err := run(&tables[i], csvPath, svgPath); err != nil {
			t.Fatal(err)
		}
		csvs[i], plots[i] = read(t, csvPath), read(t, svgPath)
	}
	if !bytes.Equal(tables[0].Bytes(), tables[1].Bytes()) {
		t.Fatalf("two runs' summaries differ:\n%s\n---\n%s", tables[0].String(), tables[1].String())
	}
	if !bytes.Equal(csvs[0], csvs[1]) {
		t.Fatal("two runs' CSV files differ")
	}
	if !bytes.Equal(plots[0], plots[1]) {
		t.Fatal("two runs' plots differ")
	}
	golden.Check(t, "summary.golden", tables[0].Bytes())
	checkCSV(t, csvs[0])
	checkPlot(t, plots[0])
}

// read reads a file the run wrote, and removes it.
func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s was not written: %v", filepath.Base(path), err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	return b
}

// checkCSV checks that the CSV has its header and a row for each minute
// of the day, each with as many fields.
func checkCSV(t *testing.T, b []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) != 1+minutes {
		t.Fatalf("the CSV has %d rows, want a header and one a minute (%d)", len(rows), 1+minutes)
	}
	if got := strings.Join(rows[0], ","); got != "time,sent,depth,oldest_age_seconds,in_service,cost_dollars" {
		t.Errorf("the CSV's header is %q", got)
	}
	if rows[1][0] != "2026-03-02T00:01:00Z" || rows[minutes][0] != "2026-03-03T00:00:00Z" {
		t.Errorf("the CSV runs from %s to %s, want the ends of the day's first and last minutes", rows[1][0], rows[minutes][0])
	}
}

// checkPlot checks that svg is an SVG document with the plot's four
// lines, a point for each minute of the day: depth, oldest age,
// instances and cost.
func checkPlot(t *testing.T, svg []byte) {
	t.Helper()
	var doc struct {
		XMLName   xml.Name
		Polylines []struct {
			Points string `xml:"points,attr"`
		} `xml:"polyline"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("the plot is not XML: %v", err)
	}
	if doc.XMLName.Local != "svg" || doc.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("the plot's root is %v, not an SVG document", doc.XMLName)
	}
	if len(doc.Polylines) != 4 {
		t.Fatalf("the plot has %d lines, want 4", len(doc.Polylines))
	}
	for i, p := range doc.Polylines {
		if n := len(strings.Fields(p.Points)); n != minutes {
			t.Errorf("line %d has %d points, want one a minute (%d)", i, n, minutes)
		}
	}
}
