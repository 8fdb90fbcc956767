import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StateSaver } from './state-file.js'

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'flashback-saver-')), 'state.json')

describe('StateSaver', () => {
  it('resolves durable() only once a save that read the worlds after the change is in the file', async () => {
    const file = fileIn()
    let world = 0
    const saver = new StateSaver({ file, render: async () => String(world) })
    world = 1
    saver.changed()
    await saver.durable()
    expect(readFileSync(file, 'utf8')).toBe('1')
    world = 2
    saver.changed()
    const durable = saver.durable()
    expect(readFileSync(file, 'utf8')).toBe('1')
    await durable
    expect(readFileSync(file, 'utf8')).toBe('2')
    expect(readdirSync(join(file, '..'))).toEqual(['state.json'])
  })

  it('makes the writes that arrive while a save runs share the next one', async () => {
    let renders = 0
    let release: () => void = () => {}
    const saver = new StateSaver({
      file: fileIn(),
      render: async () => {
        renders++
        if (renders === 1) await new Promise<void>((resolve) => (release = resolve))
        return `${renders}`
      },
    })
    saver.changed()
    const first = saver.durable()
    await new Promise((resolve) => setTimeout(resolve, 10))
    const waiting = Array.from({ length: 20 }, () => (saver.changed(), saver.durable()))
    release()
    await Promise.all([first, ...waiting])
    expect(renders).toBe(2)
  })

  it('rejects the writes of a save that fails, and tries again at the next change', async () => {
    const file = fileIn()
    const saver = new StateSaver({ file, render: async () => 'saved', onError: () => {} })
    rmdirSync(join(file, '..'))
    saver.changed()
    await expect(saver.durable()).rejects.toThrow(`The state file ${file} could not be saved: ENOENT`)
    mkdirSync(join(file, '..'))
    saver.changed()
    await saver.durable()
    expect(readFileSync(file, 'utf8')).toBe('saved')
  })
})
