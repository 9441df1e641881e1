package casework

// Lights lists every warning light, for those who must tell a light from a typo.
var Lights = []Light{Blue, Yellow, Red}
