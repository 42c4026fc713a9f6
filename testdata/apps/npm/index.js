const ms = require('ms');
console.log('two days are ' + ms('2 days') + ' ms');
