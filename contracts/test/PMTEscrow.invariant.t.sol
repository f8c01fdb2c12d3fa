// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {PMTTestToken} from "../PMTTestToken.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {recordOf} from "./utils/PaymentRecords.sol";
import {TestBase} from "./utils/TestBase.sol";
import {ContractAccount, FeeOnTransferToken, HookToken} from "./mocks/Mocks.sol";

/// @notice Drives the escrow through random sequences of every user-facing call, keeping its own model of
///         what each account is owed (computed independently of the contract) and measuring what each
///         account actually receives. Payments come in native currency, a plain token and an ERC-777-style
///         hook token whose contract recipients can refuse it or burn all the gas they are given; payments
///         in a fee-on-transfer token are tried and must always be refused. Payments also come by plain
///         transfer to deposit addresses, in any amount, asset and moment, and are swept into escrow or sent
///         back.
contract EscrowHandler is TestBase {
    address internal constant NATIVE = address(0);

    /// @dev What the model knows of an escrowed payment beyond its record.
    struct Changes {
        uint256 refunded;
        uint64 disputeDeadline;
    }

    PMTEscrow public immutable escrow;
    uint256 private immutable _operatorKey;
    address private immutable _admin;
    address private immutable _keeper;
    address private immutable _arbiter;
    HookToken public immutable hookToken;
    FeeOnTransferToken public immutable feeToken;

    /// @dev `assets` starts with the ones a payment may be made in.
    uint256 private constant _PAYABLE = 3;

    /// @dev Everyone who can pay, be paid, or hold a balance. Contract accounts can refuse native transfers
    ///      and hook-token transfers, or burn the gas they are given.
    address[] public actors;
    /// @dev Native currency, the plain token, the hook token (all payable), and the fee-on-transfer token.
    address[] public assets;
    PMTEscrow.Payment[] private _live;
    mapping(bytes32 id => Changes) private _changes;
    uint256 private _nonce;

    mapping(address asset => uint256) public escrowed;
    mapping(address account => mapping(address asset => uint256)) public owed;
    mapping(address account => mapping(address asset => uint256)) public received;
    mapping(address asset => uint256) public feesOwed;

    /// @dev Intents buyers pay by plain transfer to their deposit addresses.
    PMTEscrow.PaymentIntent[] private _depositIntents;
    /// @dev Where deposits that cannot be escrowed are sent back; no other account receives there.
    address public constant REFUND_ADDRESS = address(0xDE905170);
    mapping(address asset => uint256) public sentToDeposits;
    mapping(address asset => uint256) public sweptFromDeposits;
    mapping(address asset => uint256) public returnedFromDeposits;

    constructor(
        PMTEscrow escrow_,
        PMTTestToken token_,
        uint256 operatorKey,
        address admin,
        address keeper,
        address arbiter,
        address treasury
    ) {
        (escrow, _operatorKey, _admin, _keeper, _arbiter) = (escrow_, operatorKey, admin, keeper, arbiter);
        actors.push(vm.addr(0xB1));
        actors.push(vm.addr(0xB2));
        actors.push(vm.addr(0xB3));
        actors.push(address(new ContractAccount()));
        actors.push(address(new ContractAccount()));
        actors.push(treasury);

        hookToken = new HookToken();
        hookToken.registerHook(actors[3]);
        hookToken.registerHook(actors[4]);
        feeToken = new FeeOnTransferToken();
        assets.push(NATIVE);
        assets.push(address(token_));
        assets.push(address(hookToken));
        assets.push(address(feeToken));
        vm.startPrank(admin);
        escrow_.setTokenAllowed(address(hookToken), true);
        escrow_.setTokenAllowed(address(feeToken), true);
        vm.stopPrank();
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function assetCount() external view returns (uint256) {
        return assets.length;
    }

    function liveCount() external view returns (uint256) {
        return _live.length;
    }

    function live(uint256 i) external view returns (PMTEscrow.Payment memory, Changes memory) {
        return (_live[i], _changes[_live[i].id]);
    }

    function depositCount() external view returns (uint256) {
        return _depositIntents.length;
    }

    function depositAddress(uint256 i) external view returns (address) {
        return escrow.depositAddress(_depositIntents[i]);
    }

    // ------------------------------------------------------------ actions

    function pay(
        uint256 buyerSeed,
        uint256 merchantSeed,
        uint256 assetSeed,
        uint256 amount,
        uint256 feeBps,
        uint256 hold
    ) external {
        if (escrow.paused()) return;
        address payer = actors[buyerSeed % 5];
        address asset = assets[assetSeed % _PAYABLE];
        PMTEscrow.PaymentIntent memory intent = _intent(actors[merchantSeed % 5], asset, amount, feeBps, hold);
        _fund(payer, asset, intent.amount);
        _as(payer, address(escrow), asset == NATIVE ? intent.amount : 0, _payCall(intent));

        escrowed[asset] += intent.amount;
        _live.push(recordOf(intent, payer));
    }

    /// @dev A fee-on-transfer token delivers less than the intent asks: the payment must be refused.
    function payWithFeeOnTransferToken(uint256 buyerSeed, uint256 amount) external {
        if (escrow.paused()) return;
        address payer = actors[buyerSeed % 3]; // an account, so the call can be made without reverting
        PMTEscrow.PaymentIntent memory intent = _intent(actors[0], address(feeToken), amount, 0, 0);
        intent.amount = bound(amount, 100, 1e24); // large enough that the 1% fee is not zero
        _fund(payer, address(feeToken), intent.amount);
        bytes memory call = _payCall(intent);
        vm.prank(payer);
        (bool ok, bytes memory reason) = address(escrow).call(call);
        assertTrue(!ok, "fee-on-transfer payment refused");
        uint256 arrived = intent.amount - intent.amount / 100;
        bytes memory expected = abi.encodeWithSelector(
            PMTEscrow.UnexpectedAmountReceived.selector, intent.id, address(feeToken), intent.amount, arrived
        );
        assertEq(keccak256(reason), keccak256(expected), "refused for what arrived");
    }

    function openDepositIntent(uint256 merchantSeed, uint256 assetSeed, uint256 amount, uint256 feeBps, uint256 hold)
        external
    {
        address asset = assets[assetSeed % _PAYABLE];
        _depositIntents.push(_intent(actors[merchantSeed % 5], asset, amount, feeBps, hold));
    }

    /// @dev Someone sends any asset, the fee-on-transfer token included, to a deposit address, before or after
    ///      its sweep, in any amount.
    function sendToDeposit(uint256 intentSeed, uint256 assetSeed, uint256 amount) external {
        if (_depositIntents.length == 0) return;
        address deposit = escrow.depositAddress(_depositIntents[intentSeed % _depositIntents.length]);
        address asset = assets[assetSeed % assets.length];
        amount = bound(amount, 1, 2e24);
        if (asset == NATIVE) {
            vm.deal(address(this), amount);
            (bool ok,) = deposit.call{value: amount}("");
            assertTrue(ok, "a deposit address accepts native currency");
        } else {
            PMTTestToken(asset).mint(deposit, amount);
        }
        sentToDeposits[asset] += amount;
    }

    /// @dev The keeper sweeps a deposit for a buyer: it must work exactly when the address holds enough of the
    ///      intent's asset, the late-payment window is open, the intent is unpaid and the escrow not paused.
    function sweep(uint256 intentSeed, uint256 buyerSeed) external {
        if (_depositIntents.length == 0) return;
        PMTEscrow.PaymentIntent memory intent = _depositIntents[intentSeed % _depositIntents.length];
        address payer = actors[buyerSeed % 5];
        bool expected = _balanceIn(intent.token, escrow.depositAddress(intent)) >= intent.amount
            && block.timestamp <= uint256(intent.deadline) + escrow.LATE_PAYMENT_WINDOW()
            && escrow.paymentCommitment(intent.id) == 0 && !escrow.paused();
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_operatorKey, escrow.hashIntent(intent));
        vm.prank(_keeper);
        (bool ok,) = address(escrow).call(abi.encodeCall(PMTEscrow.sweep, (intent, abi.encodePacked(r, s, v), payer)));
        assertTrue(ok == expected, "a sweep works exactly when the deposit can be escrowed");
        if (!ok) return;

        escrowed[intent.token] += intent.amount;
        sweptFromDeposits[intent.token] += intent.amount;
        _live.push(recordOf(intent, payer));
    }

    /// @dev The keeper sends part or all of any asset a deposit address holds back: it must always work.
    function returnDeposit(uint256 intentSeed, uint256 assetSeed, uint256 amount) external {
        if (_depositIntents.length == 0) return;
        PMTEscrow.PaymentIntent memory intent = _depositIntents[intentSeed % _depositIntents.length];
        address asset = assets[assetSeed % assets.length];
        uint256 held = _balanceIn(asset, escrow.depositAddress(intent));
        if (held == 0) return;
        amount = bound(amount, 1, held);
        _as(
            _keeper,
            address(escrow),
            0,
            abi.encodeCall(PMTEscrow.returnDeposit, (intent, asset, REFUND_ADDRESS, amount))
        );
        returnedFromDeposits[asset] += amount;
    }

    function releaseByBuyer(uint256 seed) external {
        if (_live.length == 0 || escrow.paused()) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        _as(payment.buyer, address(escrow), 0, abi.encodeCall(PMTEscrow.release, (payment)));
        _creditRelease(payment, _escrowedOf(payment));
        _remove(i);
    }

    function releaseBatch(uint256 seed, uint256 count) external {
        if (_live.length == 0 || escrow.paused()) return;
        count = bound(count, 1, _live.length);
        PMTEscrow.Payment[] memory batch = new PMTEscrow.Payment[](count);
        for (uint256 k; k < count; ++k) {
            batch[k] = _live[(seed % _live.length + k) % _live.length];
        }
        uint256 released = escrow.releaseBatch(batch);

        uint256 expected;
        for (uint256 k; k < count; ++k) {
            PMTEscrow.Payment memory payment = batch[k];
            (bool found, uint256 i) = _find(payment.id);
            if (!found) continue; // listed twice: the first copy released it
            if (_changes[payment.id].disputeDeadline != 0 || block.timestamp < payment.releaseAfter) continue;
            _creditRelease(payment, _escrowedOf(payment));
            _remove(i);
            ++expected;
        }
        assertEq(released, expected, "releaseBatch count");
    }

    function refund(uint256 seed, uint256 amount, bool byKeeper) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        uint256 escrowedNow = _escrowedOf(payment);
        amount = bound(amount, 1, escrowedNow);
        // A keeper refunds only during the hold, and never a disputed payment: that is the arbiter's.
        byKeeper = byKeeper && _changes[payment.id].disputeDeadline == 0 && block.timestamp < payment.releaseAfter;
        _paying(
            payment.token, byKeeper ? _keeper : payment.merchant, abi.encodeCall(PMTEscrow.refund, (payment, amount))
        );

        owed[payment.buyer][payment.token] += amount;
        escrowed[payment.token] -= amount;
        if (amount == escrowedNow) _remove(i);
        else _changes[payment.id].refunded += amount;
    }

    function openDispute(uint256 seed) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        if (_changes[payment.id].disputeDeadline != 0 || block.timestamp >= payment.releaseAfter) return;
        _as(payment.buyer, address(escrow), 0, abi.encodeCall(PMTEscrow.openDispute, (payment)));
        _changes[payment.id].disputeDeadline = uint64(block.timestamp) + escrow.ARBITRATION_PERIOD();
    }

    function resolveDispute(uint256 seed, uint256 merchantShare) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        uint64 deadline = _changes[payment.id].disputeDeadline;
        if (deadline == 0 || block.timestamp >= deadline) return;
        uint256 escrowedNow = _escrowedOf(payment);
        merchantShare = bound(merchantShare, 0, escrowedNow + 1); // one past: more than escrowed is capped
        _paying(payment.token, _arbiter, abi.encodeCall(PMTEscrow.resolveDispute, (payment, merchantShare)));

        uint256 toMerchant = merchantShare > escrowedNow ? escrowedNow : merchantShare;
        owed[payment.buyer][payment.token] += escrowedNow - toMerchant;
        escrowed[payment.token] -= escrowedNow - toMerchant;
        _creditRelease(payment, toMerchant);
        _remove(i);
    }

    function refundExpiredDispute(uint256 seed, uint256 callerSeed) external {
        if (_live.length == 0) return;
        uint256 i = seed % _live.length;
        PMTEscrow.Payment memory payment = _live[i];
        uint64 deadline = _changes[payment.id].disputeDeadline;
        if (deadline == 0 || block.timestamp < deadline) return;
        uint256 escrowedNow = _escrowedOf(payment);
        _paying(payment.token, actors[callerSeed % 3], abi.encodeCall(PMTEscrow.refundExpiredDispute, (payment)));

        owed[payment.buyer][payment.token] += escrowedNow;
        escrowed[payment.token] -= escrowedNow;
        _remove(i);
    }

    function withdraw(uint256 actorSeed, uint256 assetSeed) external {
        address account = actors[actorSeed % actors.length];
        address asset = assets[assetSeed % _PAYABLE];
        if (escrow.balanceOf(account, asset) == 0 || _refuses(account, asset)) return;
        _paying(asset, account, abi.encodeCall(PMTEscrow.withdraw, (asset)));
    }

    /// @dev An account sends its balance to another actor, as a blocklisted merchant would.
    function withdrawTo(uint256 actorSeed, uint256 toSeed, uint256 assetSeed) external {
        address account = actors[actorSeed % actors.length];
        address to = actors[toSeed % actors.length];
        address asset = assets[assetSeed % _PAYABLE];
        uint256 amount = escrow.balanceOf(account, asset);
        if (amount == 0 || to == account || _refuses(to, asset)) return;
        _paying(asset, account, abi.encodeCall(PMTEscrow.withdrawTo, (asset, to)));
        // What `account` was owed is now `to`'s, and has reached it.
        owed[account][asset] -= amount;
        owed[to][asset] += amount;
    }

    function payout(uint256 assetSeed) external {
        if (escrow.paused()) return;
        address asset = assets[assetSeed % _PAYABLE];
        _paying(asset, _keeper, abi.encodeCall(PMTEscrow.payout, (asset, actors)));
    }

    function withdrawFees(uint256 assetSeed) external {
        address asset = assets[assetSeed % _PAYABLE];
        if (escrow.platformFees(asset) == 0) return;
        _paying(asset, _admin, abi.encodeCall(PMTEscrow.withdrawFees, (asset)));
    }

    /// @dev Up to 40 days, so dispute deadlines (30 days) pass within a run.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 40 days));
    }

    /// @dev A contract account accepts, refuses, or burns all the gas of what it is sent.
    function setWalletMode(uint256 seed, uint256 mode) external {
        ContractAccount wallet = ContractAccount(payable(actors[3 + seed % 2]));
        wallet.setMode(ContractAccount.Mode(mode % 3));
    }

    function togglePause() external {
        bool paused = escrow.paused();
        vm.prank(_admin);
        if (paused) escrow.unpause();
        else escrow.pause();
    }

    // ------------------------------------------------------------ helpers

    function _intent(address merchant, address asset, uint256 amount, uint256 feeBps, uint256 hold)
        private
        returns (PMTEscrow.PaymentIntent memory)
    {
        uint64 deadline = uint64(block.timestamp + 1 hours);
        return PMTEscrow.PaymentIntent({
            id: (keccak256(abi.encode("invariant", ++_nonce)) << 64) | bytes32(uint256(deadline)),
            merchant: merchant,
            token: asset,
            amount: bound(amount, 1, 1e24),
            feeBps: uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS())),
            deadline: deadline,
            holdPeriod: uint64(bound(hold, 0, 30 days))
        });
    }

    function _payCall(PMTEscrow.PaymentIntent memory intent) private returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_operatorKey, escrow.hashIntent(intent));
        return abi.encodeCall(PMTEscrow.pay, (intent, abi.encodePacked(r, s, v)));
    }

    /// @dev Gives `payer` `amount` of `asset` to pay with, approved to the escrow.
    function _fund(address payer, address asset, uint256 amount) private {
        if (asset == NATIVE) {
            vm.deal(payer, payer.balance + amount);
            return;
        }
        PMTTestToken(asset).mint(payer, amount);
        _as(payer, asset, 0, abi.encodeCall(IERC20.approve, (address(escrow), amount)));
    }

    /// @dev Runs a call that may send `asset` out, and books what each account received.
    function _paying(address asset, address caller, bytes memory call) private {
        uint256[] memory before = new uint256[](actors.length);
        for (uint256 k; k < actors.length; ++k) {
            before[k] = _balanceIn(asset, actors[k]);
        }
        _as(caller, address(escrow), 0, call);
        for (uint256 k; k < actors.length; ++k) {
            received[actors[k]][asset] += _balanceIn(asset, actors[k]) - before[k];
        }
    }

    /// @dev The model's own fee arithmetic, independent of the contract's.
    function _creditRelease(PMTEscrow.Payment memory payment, uint256 gross) private {
        uint256 fee = gross * payment.feeBps / 10_000;
        owed[payment.merchant][payment.token] += gross - fee;
        feesOwed[payment.token] += fee;
        escrowed[payment.token] -= gross;
    }

    function _escrowedOf(PMTEscrow.Payment memory payment) private view returns (uint256) {
        return payment.amount - _changes[payment.id].refunded;
    }

    function _as(address caller, address target, uint256 value, bytes memory call) private {
        if (caller.code.length != 0 && caller != address(this)) {
            ContractAccount(payable(caller)).execute(target, value, call);
            return;
        }
        vm.prank(caller);
        (bool ok, bytes memory result) = target.call{value: value}(call);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    /// @dev Whether `account` would make a withdrawal of `asset` to it fail: a contract that is not accepting,
    ///      for native currency and the hook token (whose hook it registered).
    function _refuses(address account, address asset) private view returns (bool) {
        if (account.code.length == 0 || (asset != NATIVE && asset != address(hookToken))) return false;
        return ContractAccount(payable(account)).mode() != ContractAccount.Mode.Accept;
    }

    function _balanceIn(address asset, address account) private view returns (uint256) {
        return asset == NATIVE ? account.balance : PMTTestToken(asset).balanceOf(account);
    }

    function _find(bytes32 id) private view returns (bool, uint256) {
        for (uint256 i; i < _live.length; ++i) {
            if (_live[i].id == id) return (true, i);
        }
        return (false, 0);
    }

    function _remove(uint256 i) private {
        delete _changes[_live[i].id];
        _live[i] = _live[_live.length - 1];
        _live.pop();
    }

    receive() external payable {}
}

contract PMTEscrowInvariantTest is EscrowFixture {
    EscrowHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new EscrowHandler(escrow, token, OPERATOR_KEY, admin, keeper, arbiter, treasury);
        bytes32 pauserRole = escrow.PAUSER_ROLE();
        vm.prank(admin);
        escrow.grantRole(pauserRole, address(handler));
        targetContract(address(handler));
    }

    /// @dev For every token, the fee-on-transfer one included, the contract holds exactly what it owes:
    ///      escrowed payments, balances and fees.
    function invariant_holdingsEqualLiabilities() public view {
        for (uint256 a; a < handler.assetCount(); ++a) {
            address asset = handler.assets(a);
            uint256 liabilities = handler.escrowed(asset) + escrow.platformFees(asset);
            for (uint256 k; k < handler.actorCount(); ++k) {
                liabilities += escrow.balanceOf(handler.actors(k), asset);
            }
            assertEq(_balanceAt(asset, address(escrow)), liabilities, "holdings == escrowed + balances + fees");
        }
    }

    /// @dev No account ever received more than the model says it was owed, and what is still owed to it is
    ///      exactly its withdrawable balance.
    function invariant_nobodyTakesMoreThanOwed() public view {
        for (uint256 a; a < handler.assetCount(); ++a) {
            address asset = handler.assets(a);
            for (uint256 k; k < handler.actorCount(); ++k) {
                address account = handler.actors(k);
                bool isTreasury = account == treasury;
                uint256 due = handler.owed(account, asset) + (isTreasury ? handler.feesOwed(asset) : 0);
                uint256 got = handler.received(account, asset);
                assertLe(got, due, "received <= owed");
                uint256 pending = escrow.balanceOf(account, asset) + (isTreasury ? escrow.platformFees(asset) : 0);
                assertEq(due - got, pending, "owed - received == withdrawable");
            }
        }
    }

    /// @dev Every payment the model holds as escrowed is escrowed under its record, with exactly the model's
    ///      refunds and dispute deadline.
    function invariant_liveRecordsMatchTheModel() public view {
        for (uint256 i; i < handler.liveCount(); ++i) {
            (PMTEscrow.Payment memory payment, EscrowHandler.Changes memory changes) = handler.live(i);
            assertTrue(escrow.isEscrowed(payment), "live record is escrowed");
            PMTEscrow.PaymentState memory state = escrow.paymentState(payment.id);
            assertEq(state.refunded, changes.refunded, "refunded");
            assertEq(state.disputeDeadline, changes.disputeDeadline, "dispute deadline");
        }
    }

    /// @dev Whatever reached a deposit address is still there, escrowed by a sweep, or sent back to the
    ///      refund address: no path loses or strands it.
    function invariant_depositsEndInEscrowOrBack() public view {
        for (uint256 a; a < handler.assetCount(); ++a) {
            address asset = handler.assets(a);
            uint256 atDeposits;
            for (uint256 i; i < handler.depositCount(); ++i) {
                atDeposits += _balanceAt(asset, handler.depositAddress(i));
            }
            uint256 returned = handler.returnedFromDeposits(asset);
            assertEq(
                handler.sentToDeposits(asset),
                atDeposits + handler.sweptFromDeposits(asset) + returned,
                "sent == at deposit addresses + swept + returned"
            );
            // The fee-on-transfer token keeps its cut of what it moves.
            if (asset != address(handler.feeToken())) {
                assertEq(_balanceAt(asset, handler.REFUND_ADDRESS()), returned, "returned reached the refund address");
            }
        }
    }

    function _balanceAt(address asset, address account) private view returns (uint256) {
        return asset == NATIVE ? account.balance : PMTTestToken(asset).balanceOf(account);
    }
}
