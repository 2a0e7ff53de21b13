package opstore

import (
	"context"
	"time"

	"github.com/mosaic-sec/mosaic"
)

// Case statuses.
const (
	StatusOpen     = "open"
	StatusInReview = "in_review"
	StatusClosed   = "closed"
)

// Case is the work on one subject: its status and who has it.
type Case struct {
	SubjectID string    `json:"subject_id"`
	Status    string    `json:"status"`
	Assignee  string    `json:"assignee"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SetCase sets a subject's status and assignee.
func (s *Store) SetCase(ctx context.Context, c Case) error {
	switch c.Status {
	case StatusOpen, StatusInReview, StatusClosed:
	default:
		return mosaic.Errorf(mosaic.EINVALID, "status %q: choose open, in_review or closed", c.Status)
	}
	_, err := s.db.Exec(ctx, `INSERT INTO cases (subject_id, status, assignee, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (subject_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		c.SubjectID, c.Status, c.Assignee, c.UpdatedBy, ts(s.now()))
	return err
}

// Cases returns every case by subject id.
func (s *Store) Cases(ctx context.Context) (map[string]Case, error) {
	out := map[string]Case{}
	err := s.db.Query(ctx, `SELECT subject_id, status, assignee, updated_by, updated_at FROM cases`, nil, func(scan func(...any) error) error {
		var c Case
		var at string
		if err := scan(&c.SubjectID, &c.Status, &c.Assignee, &c.UpdatedBy, &at); err != nil {
			return err
		}
		c.UpdatedAt = parseTS(at)
		out[c.SubjectID] = c
		return nil
	})
	return out, err
}

// Comment is an analyst's note on a subject.
type Comment struct {
	SubjectID string    `json:"subject_id"`
	At        time.Time `json:"at"`
	Author    string    `json:"author"`
	Text      string    `json:"text"`
}

// MaxCommentBytes bounds one comment.
const MaxCommentBytes = 8 << 10

// AddComment adds a comment.
func (s *Store) AddComment(ctx context.Context, c Comment) error {
	if c.Text == "" || len(c.Text) > MaxCommentBytes {
		return mosaic.Errorf(mosaic.EINVALID, "a comment holds 1 to %d bytes of text", MaxCommentBytes)
	}
	_, err := s.db.Exec(ctx, `INSERT INTO comments (subject_id, at, author, text) VALUES (?, ?, ?, ?)`, c.SubjectID, ts(s.now()), c.Author, c.Text)
	return err
}

// Comments returns a subject's comments, oldest first.
func (s *Store) Comments(ctx context.Context, subjectID string) ([]Comment, error) {
	var out []Comment
	err := s.db.Query(ctx, `SELECT subject_id, at, author, text FROM comments WHERE subject_id = ? ORDER BY at`, []any{subjectID},
		func(scan func(...any) error) error {
			var c Comment
			var at string
			if err := scan(&c.SubjectID, &at, &c.Author, &c.Text); err != nil {
				return err
			}
			c.At = parseTS(at)
			out = append(out, c)
			return nil
		})
	return out, err
}
