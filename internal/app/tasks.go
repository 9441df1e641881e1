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
	a, err := access.Require(ctx, access.Approver, access.CertificateOfficer, access.Supervisor)
	if err != nil {
		return TaskList{}, err
	}
	if err := validateCaseQuery(CaseQuery{Light: q.Light}); err != nil {
		return TaskList{}, err
	}
	f, err := casework.QueueOf(a, q.Department)
	if err != nil {
		return TaskList{}, err
	}
	today := workday.DateOf(s.Now())
	f.Light, f.Item, f.Step, f.Today, f.Page = q.Light, q.Item, q.Step, today, q.Page
	var page paging.Page[casework.TaskRow]
	if err := s.db.View(ctx, func(tx Tx) (err error) {
		page, err = tx.FindTasks(ctx, f)
		return err
	}); err != nil {
		return TaskList{}, err
	}
	list := TaskList{Tasks: make([]TaskSummary, 0, len(page.Rows)), NextCursor: page.Next, HasMore: page.More}
	for _, r := range page.Rows {
		list.Tasks = append(list.Tasks, TaskSummary{Case: r.Case, Item: r.Item, ItemName: r.ItemName, Applicant: r.Applicant,
			Hall: r.Hall, Light: r.Light(today), Task: r.Task})
	}
	return list, nil
}
