package app

import (
	"context"
	"time"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/notify"
	"yiwang/internal/paging"
)

// tellApplicant writes the message that ev gives c's applicant (notify.About), in the
// command's own transaction: committed with the change, or rolled back with it.
func (s *Service) tellApplicant(ctx context.Context, tx Tx, now time.Time, c *casework.Case, ev casework.Event) error {
	if !notify.Told(ev.Action) || c.Applicant.ID == 0 {
		return nil
	}
	it, err := tx.FindItemVersion(ctx, c.Item, c.ItemVersion)
	if err != nil {
		return err
	}
	m, ok := notify.About(c, ev, it, now)
	if !ok {
		return nil
	}
	return tx.CreateMessage(ctx, &m)
}

// MessageList is one page of an applicant's messages, newest first, with how many
// of all their messages are unread.
type MessageList struct {
	Messages   []notify.Message `json:"messages"`
	NextCursor string           `json:"next_cursor,omitempty"`
	HasMore    bool             `json:"has_more"`
	Unread     int              `json:"unread"`
}

// messageCursor is the sort key of a page's last message.
type messageCursor struct {
	ID int64 `json:"id"`
}

// Messages lists one page of the logged-in applicant's messages.
func (s *Service) Messages(ctx context.Context, pr paging.Request) (MessageList, error) {
	a, err := access.Require(ctx, access.Applicant)
	if err != nil {
		return MessageList{}, err
	}
	var after messageCursor
	if _, err := pr.Decode(&after); err != nil {
		return MessageList{}, err
	}
	var list MessageList
	err = s.db.View(ctx, func(tx Tx) error {
		rows, err := tx.FindMessages(ctx, a.ApplicantID, after.ID, pr.Size()+1)
		if err != nil {
			return err
		}
		p := paging.Cut(rows, pr, func(m notify.Message) any { return messageCursor{m.ID} })
		list.Messages, list.NextCursor, list.HasMore = p.Rows, p.Next, p.More
		list.Unread, err = tx.CountUnread(ctx, a.ApplicantID)
		return err
	})
	return list, err
}

// UnreadMessages counts the logged-in applicant's unread messages: one indexed count,
// cheap enough for every page's header.
func (s *Service) UnreadMessages(ctx context.Context) (int, error) {
	a, err := access.Require(ctx, access.Applicant)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.View(ctx, func(tx Tx) (err error) {
		n, err = tx.CountUnread(ctx, a.ApplicantID)
		return err
	})
	return n, err
}

// ReadMessage marks one of the logged-in applicant's messages read; another's
// message does not exist for them (NotFound).
func (s *Service) ReadMessage(ctx context.Context, id int64) error {
	a, err := access.Require(ctx, access.Applicant)
	if err != nil {
		return err
	}
	now := s.Now()
	return s.db.Update(ctx, func(tx Tx) error { return tx.MarkRead(ctx, a.ApplicantID, id, now) })
}

// ReadAllMessages marks every message of the logged-in applicant read.
func (s *Service) ReadAllMessages(ctx context.Context) error {
	a, err := access.Require(ctx, access.Applicant)
	if err != nil {
		return err
	}
	now := s.Now()
	return s.db.Update(ctx, func(tx Tx) error { return tx.MarkAllRead(ctx, a.ApplicantID, now) })
}
