// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PMTEscrow} from "../PMTEscrow.sol";
import {EscrowFixture} from "./utils/EscrowFixture.sol";
import {BlocklistToken, ContractAccount} from "./mocks/Mocks.sol";

contract PMTEscrowBalancesTest is EscrowFixture {
    function _releasedTo(address payee, address asset, uint256 amount) private {
        PMTEscrow.PaymentIntent memory intent = newIntent(asset, amount);
        intent.merchant = payee;
        PMTEscrow.Payment memory payment = pay(intent);
        vm.prank(buyer);
        escrow.release(payment);
    }

    function test_withdraw_nativeAndToken() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        _releasedTo(merchant, address(token), 10e6);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.Withdrawn(merchant, NATIVE, 1 ether - feeOf(1 ether));
        vm.prank(merchant);
        escrow.withdraw(NATIVE);
        vm.prank(merchant);
        escrow.withdraw(address(token));

        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "native received");
        assertEq(token.balanceOf(merchant), 10e6 - feeOf(10e6), "token received");
        assertEq(escrow.balanceOf(merchant, NATIVE), 0, "native balance emptied");
        assertEq(escrow.balanceOf(merchant, address(token)), 0, "token balance emptied");
    }

    function test_withdraw_revertsWithNothing() public {
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NothingToWithdraw.selector, merchant, NATIVE));
        vm.prank(merchant);
        escrow.withdraw(NATIVE);
    }

    function test_withdraw_worksWhilePaused() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        vm.prank(admin);
        escrow.pause();
        vm.prank(merchant);
        escrow.withdraw(NATIVE);
        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "withdrawn while paused");
    }

    function test_withdraw_revertsWhenRecipientRejects() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        wallet.setMode(ContractAccount.Mode.Reject);
        uint256 owed = 1 ether - feeOf(1 ether);
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NativeTransferFailed.selector, address(wallet), owed));
        wallet.execute(address(escrow), 0, abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        assertEq(escrow.balanceOf(address(wallet), NATIVE), owed, "balance kept");
    }

    function test_withdraw_cannotBeReentered() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        _releasedTo(address(wallet), NATIVE, 1 ether);
        wallet.setReentry(address(escrow), abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        // The nested withdraw reverts, so the recipient rejects the transfer of its whole balance.
        uint256 owed = 2 * (1 ether - feeOf(1 ether));
        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NativeTransferFailed.selector, address(wallet), owed));
        wallet.execute(address(escrow), 0, abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        assertEq(escrow.balanceOf(address(wallet), NATIVE), owed, "balance intact");
    }

    function test_payout_paysEveryAccountAndSkipsEmptyOnes() public {
        address other = makeAddr("other merchant");
        _releasedTo(merchant, NATIVE, 1 ether);
        _releasedTo(other, NATIVE, 2 ether);
        address[] memory accounts = new address[](3);
        (accounts[0], accounts[1], accounts[2]) = (merchant, stranger, other);

        vm.prank(keeper);
        uint256 total = escrow.payout(NATIVE, accounts);

        assertEq(total, 3 ether - feeOf(1 ether) - feeOf(2 ether), "total");
        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "merchant paid");
        assertEq(other.balance, 2 ether - feeOf(2 ether), "other paid");
        assertEq(escrow.balanceOf(merchant, NATIVE), 0, "emptied");
    }

    function test_payout_paysAnAccountListedTwiceOnce() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        address[] memory accounts = new address[](2);
        (accounts[0], accounts[1]) = (merchant, merchant);
        vm.prank(keeper);
        assertEq(escrow.payout(NATIVE, accounts), 1 ether - feeOf(1 ether), "paid once");
        assertEq(merchant.balance, 1 ether - feeOf(1 ether), "merchant paid once");
    }

    function test_payout_cannotBeReenteredByRecipient() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        wallet.setReentry(address(escrow), abi.encodeCall(PMTEscrow.withdraw, (NATIVE)));
        address[] memory accounts = new address[](1);
        accounts[0] = address(wallet);
        vm.prank(keeper);
        escrow.payout(NATIVE, accounts); // the re-entering push fails and the balance is kept
        assertEq(escrow.balanceOf(address(wallet), NATIVE), 1 ether - feeOf(1 ether), "balance kept");
        assertEq(address(wallet).balance, 0, "nothing received");
    }

    function test_payout_keepsBalanceOfFailingRecipient() public {
        ContractAccount wallet = new ContractAccount();
        _releasedTo(address(wallet), NATIVE, 1 ether);
        _releasedTo(merchant, NATIVE, 1 ether);
        wallet.setMode(ContractAccount.Mode.BurnGas);
        address[] memory accounts = new address[](2);
        (accounts[0], accounts[1]) = (address(wallet), merchant);
        uint256 owed = 1 ether - feeOf(1 ether);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.PayoutFailed(address(wallet), NATIVE, owed);
        vm.prank(keeper);
        uint256 total = escrow.payout(NATIVE, accounts);

        assertEq(total, owed, "only the merchant was paid");
        assertEq(escrow.balanceOf(address(wallet), NATIVE), owed, "failed recipient keeps its balance");
        assertEq(merchant.balance, owed, "the rest of the batch went through");
    }

    function test_payout_tokenToBlocklistedRecipientKeepsBalance() public {
        BlocklistToken blocky = newBlocklistToken(10e6);
        _releasedTo(merchant, address(blocky), 10e6);
        blocky.setBlocked(merchant, true);

        address[] memory accounts = new address[](1);
        accounts[0] = merchant;
        vm.prank(keeper);
        escrow.payout(address(blocky), accounts);
        assertEq(escrow.balanceOf(merchant, address(blocky)), 10e6 - feeOf(10e6), "balance kept");
    }

    function test_payout_onlyKeeperAndNotWhilePaused() public {
        address[] memory accounts = new address[](0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, merchant, escrow.KEEPER_ROLE()
            )
        );
        vm.prank(merchant);
        escrow.payout(NATIVE, accounts);

        vm.prank(admin);
        escrow.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(keeper);
        escrow.payout(NATIVE, accounts);
    }

    function test_withdrawFees_sendsToTreasury() public {
        _releasedTo(merchant, address(token), 100e6);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit PMTEscrow.FeesWithdrawn(address(token), treasury, feeOf(100e6));
        vm.prank(admin);
        escrow.withdrawFees(address(token));
        assertEq(token.balanceOf(treasury), feeOf(100e6), "treasury paid");
        assertEq(escrow.platformFees(address(token)), 0, "fees emptied");

        vm.expectRevert(abi.encodeWithSelector(PMTEscrow.NothingToWithdraw.selector, address(escrow), address(token)));
        vm.prank(admin);
        escrow.withdrawFees(address(token));
    }

    function test_withdrawFees_onlyAdmin() public {
        _releasedTo(merchant, NATIVE, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, keeper, bytes32(0))
        );
        vm.prank(keeper);
        escrow.withdrawFees(NATIVE);
    }
}
