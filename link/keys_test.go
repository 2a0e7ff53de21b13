package link

import (
	"reflect"
	"testing"
)

func TestKeyListsConcatKeepsEachRecordsKeys(t *testing.T) {
	build := func(records ...[]string) KeyLists {
		var l KeyLists
		for _, keys := range records {
			for _, k := range keys {
				l.add(k)
			}
			l.close()
		}
		return l
	}
	want := [][]string{{"a", "b"}, nil, {"c"}, {"d", "e", "f"}, nil}
	l := concat([]KeyLists{build(want[0], want[1]), build(), build(want[2], want[3], want[4])})
	if l.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", l.Len(), len(want))
	}
	for i, w := range want {
		if got := l.At(i); len(got) != len(w) || (len(w) > 0 && !reflect.DeepEqual(got, w)) {
			t.Errorf("At(%d) = %q, want %q", i, got, w)
		}
	}
	// A caller appending to one record's keys must not overwrite the next.
	_ = append(l.At(0), "x")
	if got := l.At(2); got[0] != "c" {
		t.Errorf("append to record 0 overwrote record 2: %q", got)
	}
}

func TestSubjectWithoutRecordsReadsEmpty(t *testing.T) {
	var s Subject
	if s.Employees() != nil || s.SignIns() != nil || s.MergeReasons() != nil || s.Photos() != nil {
		t.Error("a subject without records should read empty lists")
	}
}
