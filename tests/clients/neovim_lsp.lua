-- Opens a file in Neovim with tighten's language server attached, waits for its diagnostics
-- and writes them, one per line, as `line:col severity code` (1-based, as Neovim shows them).
--   nvim --headless -u NONE --cmd "lua T = {file=..., out=..., bin=...}" -c "luafile THIS"
vim.cmd('edit ' .. vim.fn.fnameescape(T.file))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ name = 'tighten', cmd = { T.bin, 'server' } })
vim.lsp.buf_attach_client(buf, client)
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(lines, string.format('%d:%d %d %s', d.lnum + 1, d.col + 1, d.severity, d.code))
end
table.sort(lines)
vim.fn.writefile(lines, T.out)
vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client) == nil end, 50)
vim.cmd('qa!')
