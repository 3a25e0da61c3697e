import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const f = readdirSync(dir).filter(f=>f.endsWith('.cpuprofile')).sort().pop();
const p = JSON.parse(readFileSync(dir + '/' + f));
const self = new Map();
const dt = p.timeDeltas; const byId = new Map(p.nodes.map(n=>[n.id,n]));
const counts = new Map();
p.samples.forEach((s,i)=>counts.set(s,(counts.get(s)??0)+(dt[i]??0)));
for (const [id,t] of counts) { const n = byId.get(id); const k = n.callFrame.functionName+' '+n.callFrame.url.split('/').slice(-1)[0]+':'+n.callFrame.lineNumber; self.set(k,(self.get(k)??0)+t); }
console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0,25).map(([k,t])=>(t/1000).toFixed(0)+'ms '+k).join('\n'));
