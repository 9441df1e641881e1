package web

// MaterialDisposition is materialDisposition, for the tests of package web_test.
var MaterialDisposition = materialDisposition
