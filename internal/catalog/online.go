package catalog

// MinOnlineDepth is the online depth (网办深度) from which an item is applied for
// online: level 3 (在线申请) and level 4 (全程网办); below it the guide only informs
// or offers forms to download, and the application is made at a window.
const MinOnlineDepth = 3

// AppliesOnline reports whether an applicant may apply for it online.
func (it *Item) AppliesOnline() bool {
	return it.Status == Published && it.OnlineDepth >= MinOnlineDepth
}
