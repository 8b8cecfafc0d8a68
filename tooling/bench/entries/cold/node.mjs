// B5 baseline: Node alone, printing its first line.
console.log("ready")
