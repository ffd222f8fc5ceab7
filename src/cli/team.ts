// `nianbao team …`: the lead's commands for a round on a PostgreSQL server.

import { parseArgs } from 'node:util';

export const TEAM_USAGE = `  nianbao team init --db URL [--name 轮次名称]
      在 PostgreSQL 数据库中建立或升级审核轮次（可重复运行）；URL 用有建角色权限的账号
  nianbao team add-auditor --db URL [--lead] [--role 角色名] [--host 主机:端口] 姓名
      为审核人建数据库角色，打印他/她粘贴到审阅台（设置 → 团队）的连接地址；--lead 为组长
  nianbao team assign --db URL (--agency 单位名 | --report 年报编号) (姓名或角色 | --none)
      把单位或年报分给审核人（--none 取消分配）
  nianbao team add-files --db URL PATH...
      把年报文件存到服务器（按 SHA-256 只存一份；超过大小上限的不上传）
  nianbao team status --db URL [--json]
      审核人、分配、修改条数、冲突数`;

export class TeamUsageError extends Error {}

export async function cmdTeam(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      name: { type: 'string' },
      lead: { type: 'boolean', default: false },
      role: { type: 'string' },
      host: { type: 'string' },
      agency: { type: 'string' },
      report: { type: 'string' },
      none: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const db = values.db ?? process.env.NIANBAO_TEAM_DB;
  if (!sub) throw new TeamUsageError('请给出 team 的子命令：init、add-auditor、assign、add-files 或 status');
  if (!db) throw new TeamUsageError('请用 --db postgres://用户名:密码@主机:端口/数据库 指定团队服务器');
  const admin = await import('../services/team/admin.js');
  const { TeamError } = await import('../services/team/db.js');
  const out = (s: string) => process.stdout.write(s + '\n');
  try {
    switch (sub) {
      case 'init': {
        const r = await admin.initRound(db, values.name);
        out(r.created ? `已建立审核轮次“${r.round}”（数据库结构第 ${r.to} 版）` : r.from < r.to ? `审核轮次“${r.round}”的数据库结构已从第 ${r.from} 版升级到第 ${r.to} 版` : `审核轮次“${r.round}”已是最新（第 ${r.to} 版），权限已重新设置`);
        return 0;
      }
      case 'add-auditor': {
        const name = positionals.join(' ');
        if (!name) throw new TeamUsageError('请给出审核人姓名');
        const r = await admin.addAuditor(db, name, { lead: values.lead, role: values.role, host: values.host });
        out(`已添加${r.lead ? '组长' : '审核人'}“${r.display}”（数据库角色 ${r.role}）。请把下面一行交给他/她，粘贴到审阅台的 设置 → 团队：`);
        out(r.line);
        return 0;
      }
      case 'assign': {
        const who = values.none ? null : positionals.join(' ');
        if (who === '') throw new TeamUsageError('请给出审核人姓名或角色（或 --none 取消分配）');
        const r = await admin.assign(db, { agency: values.agency, report: values.report }, who);
        out(r.role ? `${r.target} → ${r.role}` : `${r.target}：已取消分配`);
        return 0;
      }
      case 'add-files': {
        if (!positionals.length) throw new TeamUsageError('请给出要上传的年报文件');
        const rs = await admin.addFiles(db, positionals);
        for (const r of rs) out(r.result === 'added' ? `已上传 ${r.path}（${r.sha256.slice(0, 12)}…）` : r.result === 'present' ? `已在服务器上 ${r.path}` : r.message!);
        return rs.some((r) => r.result === 'too_big' || r.result === 'unreadable') ? 1 : 0;
      }
      case 'status': {
        const s = await admin.teamStatus(db);
        if (values.json) {
          out(JSON.stringify(s, null, 2));
          return 0;
        }
        out(`审核轮次：${s.round}（数据库结构第 ${s.schemaVersion} 版）`);
        out(`修改 ${s.changes} 条，冲突 ${s.conflicts} 处，文件 ${s.files.count} 个（${(s.files.bytes / 1048576).toFixed(1)} MB）`);
        for (const a of s.auditors) out(`  ${a.lead ? '组长' : '审核人'} ${a.display}（${a.role}）：修改 ${a.changes} 条，分配 ${a.assigned} 项${a.lastAt ? `，最近 ${a.lastAt}` : ''}`);
        return 0;
      }
      default:
        throw new TeamUsageError(`未知的 team 子命令：${sub}`);
    }
  } catch (e) {
    if (e instanceof TeamError) {
      process.stderr.write(`nianbao team ${sub}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
