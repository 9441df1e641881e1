// Package civicid owns parsing, validating and masking of citizen ID numbers
// (居民身份证号码, GB 11643-1999) and unified social credit codes
// (统一社会信用代码, GB 32100-2015).
//
// Every applicant identifier enters the system through ParseIDNumber or
// ParseCreditCode, so the rest of yiwang can rely on the types IDNumber and
// CreditCode holding normalised, checksum-valid values. Rejections are *Error
// values whose message is Chinese text that can be shown to the applicant.
//
// Citizen ID numbers are personal data: IDNumber prints and logs masked (fmt,
// slog) and only Full returns the clear value. The masking cannot reach values
// that bypass the type's methods, such as unexported struct fields printed
// with fmt or a whole struct handed to slog's JSON handler, so log an IDNumber
// as its own attribute. Text built from user input may contain an ID in any
// form; pass it through MaskIDsInText before it is logged.
//
// Credit codes identify organisations and are printed on the business licence,
// so CreditCode is never masked.
package civicid
