// Package notify decides what an applicant is told when their case changes (站内消息):
// which events of the lifecycle yield a message, and its words. It knows nothing of
// HTTP or SQL; the app writes the message in the transaction of the change, through
// Store, so that no change is without its message and no rolled-back command leaves one.
package notify
