package app

import (
	"context"

	"yiwang/internal/access"
	"yiwang/internal/casework"
	"yiwang/internal/paging"
	"yiwang/internal/workday"
)

// TaskQuery asks for one page of a queue.
type TaskQuery struct {
	Department string
	Light      casework.Light
	// Item and Step narrow the queue to one item (its code) and one step (its name).
	Item, Step string
	Page       paging.Request
}

// TaskSummary is one task of a queue, with its light.
type TaskSummary struct {
	Case      string         `json:"case"`
	Item      string         `json:"item"`
	ItemName  string         `json:"item_name"`
	Applicant string         `json:"applicant"`
	Hall      string         `json:"hall"`
	Light     casework.Light `json:"light,omitempty"`
	casework.Task
}

// TaskList is one page of a queue.
type TaskList struct {
	Tasks      []TaskSummary `json:"tasks"`
	NextCursor string        `json:"next_cursor,omitempty"`
	HasMore    bool          `json:"has_more"`
}

// Tasks returns one page of the viewer's queue (casework.QueueOf): red first, then
// yellow, then blue, each by due date.
func (s *Service) Tasks(ctx context.Context, q TaskQuery) (TaskList, error) {
	f, err := s.queueFilter(ctx, q)
	if err != nil {
		return TaskList{}, err
	}
	var list TaskList
	err = s.db.View(ctx, func(tx Tx) (err error) {
		list, err = findTasks(ctx, tx, f)
		return err
	})
	return list, err
}

// queueFilter is the filter of q's page of the viewer's queue.
func (s *Service) queueFilter(ctx context.Context, q TaskQuery) (casework.TaskFilter, error) {
	a, err := access.Require(ctx, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return casework.TaskFilter{}, err
	}
	if err := validateCaseQuery(CaseQuery{Light: q.Light}); err != nil {
		return casework.TaskFilter{}, err
	}
	f, err := casework.QueueOf(a, q.Department)
	if err != nil {
		return casework.TaskFilter{}, err
	}
	f.Light, f.Item, f.Step, f.Today, f.Page = q.Light, q.Item, q.Step, workday.DateOf(s.Now()), q.Page
	return f, nil
}

func findTasks(ctx context.Context, tx Tx, f casework.TaskFilter) (TaskList, error) {
	page, err := tx.FindTasks(ctx, f)
	if err != nil {
		return TaskList{}, err
	}
	list := TaskList{Tasks: make([]TaskSummary, 0, len(page.Rows)), NextCursor: page.Next, HasMore: page.More}
	for _, r := range page.Rows {
		list.Tasks = append(list.Tasks, TaskSummary{Case: r.Case, Item: r.Item, ItemName: r.ItemName, Applicant: r.Applicant,
			Hall: r.Hall, Light: r.Light(f.Today), Task: r.Task})
	}
	return list, nil
}
